import { z } from 'zod';
import { clusterKind } from '../omni/cluster-resources.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import { labelText, OmniLabel } from '../omni-model/labels.js';
import { isClusterName } from '../procedures/identifiers.js';
import { refuse, type TemplateDiff, type TemplateSource } from '../procedures/plan.js';
import { planClusterRecovery } from '../procedures/plan-cluster-recovery.js';
import { planLabelFix } from '../procedures/plan-label-fix.js';
import { planTemplateSync } from '../procedures/plan-template-sync.js';
import type { ClusterTemplate } from '../templates/cluster-template.js';
import { scrubDiffSecrets } from '../templates/scrub-diff-secrets.js';
import { sha256, snapshotTemplate } from '../templates/snapshot-template.js';
import type { ProcedureDef } from './approval-deps.js';
import { diagnoseCluster } from './label-loop-report.js';
import { readFleet } from './read-fleet.js';
import { readTemplate } from './read-template.js';

export const SYNC_TEMPLATE = 'sync-template';
export const RECOVER_CLUSTER = 'recover-cluster';
export const FIX_NODE_LABELS = 'fix-node-labels';

export type TemplateProcedureDeps = {
  omnictl: Omnictl;
  clock: () => Date;
  templatesDir: string;
  // Where the read-only copies of templates that steps run from are kept (next to the database).
  snapshotsDir: string;
  recoverApprovals: number;
  timeouts?: { commandMs?: number; waitMs?: number; pollMs?: number; statusMs?: number };
};

const ClusterParams = z.object({ cluster: z.string().refine(isClusterName) });
const RecoverParams = ClusterParams.extend({ typedName: z.string().max(200) });

// `cluster template diff` is read-only; its output is what the approver reads. It is hashed as
// omnictl printed it and shown with secret-looking values hidden.
export async function templateDiff(
  omnictl: Omnictl,
  templatePath: string,
): Promise<{ ok: true; diff: TemplateDiff } | { ok: false; error: string }> {
  const result = await omnictl.run(['cluster', 'template', 'diff', '-f', templatePath]);
  if (result.failure) return { ok: false, error: result.failure.message };
  return { ok: true, diff: { text: scrubDiffSecrets(result.stdout), sha256: sha256(result.stdout) } };
}

// The files as read and checked, copied where no later edit reaches them; every step runs from there.
async function snapshotSource(
  deps: TemplateProcedureDeps,
  template: ClusterTemplate,
): Promise<TemplateSource> {
  const snapshot = await snapshotTemplate(template, deps.snapshotsDir, deps.clock());
  return {
    path: snapshot.templatePath,
    shownPath: template.path,
    hash: snapshot.hash,
    files: snapshot.files,
  };
}

export function createTemplateProcedures(deps: TemplateProcedureDeps): ProcedureDef[] {
  return [
    {
      name: SYNC_TEMPLATE,
      async plan(params) {
        const parsed = ClusterParams.safeParse(params);
        if (!parsed.success) return refuse('The stored request is malformed.');
        const ctx = await readTemplate(deps.templatesDir, parsed.data.cluster);
        if (!ctx.ok) return refuse(ctx.error);
        const template = await snapshotSource(deps, ctx.value.template);
        const diff = await templateDiff(deps.omnictl, template.path);
        if (!diff.ok) return refuse(`omnictl could not diff the template: ${diff.error}`);
        return planTemplateSync({
          cluster: parsed.data.cluster,
          template,
          findings: ctx.value.findings,
          diff: diff.diff,
          timeouts: deps.timeouts,
        });
      },
    },
    {
      name: RECOVER_CLUSTER,
      async plan(params) {
        const parsed = RecoverParams.safeParse(params);
        if (!parsed.success) return refuse('The stored request is malformed.');
        const { cluster, typedName } = parsed.data;
        const ctx = await readTemplate(deps.templatesDir, cluster);
        if (!ctx.ok) return refuse(ctx.error);
        const template = await snapshotSource(deps, ctx.value.template);
        const [clusters, fleet] = await Promise.all([deps.omnictl.get(clusterKind), readFleet(deps.omnictl)]);
        const machineCount = fleet.clusterMachines.filter(
          (cm) => labelText(cm.metadata, OmniLabel.cluster) === cluster,
        ).length;
        return planClusterRecovery({
          cluster,
          typedName,
          template,
          findings: ctx.value.findings,
          machineCount,
          clusterExists: clusters.some((c) => c.metadata.id === cluster),
          approvalsNeeded: deps.recoverApprovals,
          timeouts: deps.timeouts,
        });
      },
    },
    {
      name: FIX_NODE_LABELS,
      async plan(params) {
        const parsed = ClusterParams.safeParse(params);
        if (!parsed.success) return refuse('The stored request is malformed.');
        const diagnosis = await diagnoseCluster(deps, parsed.data.cluster);
        if (!diagnosis.ok) return refuse(diagnosis.error);
        return planLabelFix({
          cluster: parsed.data.cluster,
          template: await snapshotSource(deps, diagnosis.context.template),
          findings: diagnosis.context.findings,
          affected: diagnosis.report.affected,
          fleet: diagnosis.fleet,
          timeouts: deps.timeouts,
        });
      },
    },
  ];
}

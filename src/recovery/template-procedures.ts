import { z } from 'zod';
import { clusterKind } from '../omni/cluster-resources.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import { isClusterName } from '../procedures/identifiers.js';
import { refuse } from '../procedures/plan.js';
import { planClusterRecovery } from '../procedures/plan-cluster-recovery.js';
import { planLabelFix } from '../procedures/plan-label-fix.js';
import { planTemplateSync } from '../procedures/plan-template-sync.js';
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
  recoverApprovals: number;
  timeouts?: { commandMs?: number; waitMs?: number; pollMs?: number; statusMs?: number };
};

const ClusterParams = z.object({ cluster: z.string().refine(isClusterName) });
const RecoverParams = ClusterParams.extend({ typedName: z.string().max(200) });

// `cluster template diff` is read-only; its output is what the approver reads on the card.
export async function templateDiff(
  omnictl: Omnictl,
  templatePath: string,
): Promise<{ ok: true; diff: string } | { ok: false; error: string }> {
  const result = await omnictl.run(['cluster', 'template', 'diff', '-f', templatePath]);
  return result.failure ? { ok: false, error: result.failure.message } : { ok: true, diff: result.stdout };
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
        const diff = await templateDiff(deps.omnictl, ctx.value.absolutePath);
        if (!diff.ok) return refuse(`omnictl could not diff the template: ${diff.error}`);
        return planTemplateSync({
          cluster: parsed.data.cluster,
          templatePath: ctx.value.absolutePath,
          templateText: ctx.value.text,
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
        const [clusters, fleet] = await Promise.all([deps.omnictl.get(clusterKind), readFleet(deps.omnictl)]);
        const machineCount = fleet.clusterMachines.filter(
          (cm) => cm.metadata.labels?.['omni.sidero.dev/cluster'] === cluster,
        ).length;
        return planClusterRecovery({
          cluster,
          typedName,
          templatePath: ctx.value.absolutePath,
          templateText: ctx.value.text,
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
          templatePath: diagnosis.context.absolutePath,
          templateText: diagnosis.context.text,
          findings: diagnosis.context.findings,
          affected: diagnosis.report.affected,
          fleet: diagnosis.fleet,
          timeouts: deps.timeouts,
        });
      },
    },
  ];
}

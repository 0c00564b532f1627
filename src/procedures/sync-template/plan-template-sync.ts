/**
 * Sync a cluster template (runbook: "State Drift After Out-of-Band Changes", step 4).
 * Shows what would change (`cluster template diff`) and whether the template would make
 * kubelets set labels NodeRestriction forbids; refuses while it does. Then validate, sync,
 * and wait until `cluster template status` says the cluster is healthy.
 */
import type { LabelFinding } from '../diagnostics/check-node-labels.js';
import { forbiddenLabelRefusal } from '../shared/forbidden-label-refusal.js';
import { type PlanResult, refuse, type TemplateDiff, type TemplateSource } from '../shared/plan.js';
import { syncSteps, type TemplateTimeouts } from '../shared/template-steps.js';

export type TemplateSyncInput = {
  cluster: string;
  template: TemplateSource;
  findings: LabelFinding[];
  diff: TemplateDiff;
  timeouts?: Partial<TemplateTimeouts>;
};

export function planTemplateSync(input: TemplateSyncInput): PlanResult {
  const refusal = forbiddenLabelRefusal(input.findings);
  if (refusal) return refuse(refusal);
  const t = { commandMs: 120_000, statusWait: '10m', statusMs: 660_000, ...input.timeouts };
  const diff = input.diff.text;
  const changes = diff.trim()
    ? diff.split('\n').filter((l) => /^(\+\+\+|---) /.test(l) && !l.includes('/dev/null')).length / 2
    : 0;
  return {
    refused: false,
    plan: {
      procedure: 'sync-template',
      title: `Sync the ${input.cluster} template`,
      cluster: input.cluster,
      targets: [
        {
          kind: 'cluster',
          id: input.cluster,
          template: input.template.shownPath,
          state: diff.trim() ? `${Math.max(1, Math.round(changes))} resource(s) differ` : 'in sync',
        },
      ],
      steps: syncSteps(input.template.path, t),
      risks: diff.trim() ? [] : ['The template is already in sync: the sync will change nothing.'],
      approvalsNeeded: 1,
      preview: diff.trim() || undefined,
      templateSnapshot: { hash: input.template.hash, files: input.template.files },
      // Hashes, not texts: the fingerprint is stored, and templates and diffs can hold credentials.
      fingerprint: JSON.stringify(['sync', input.cluster, input.template.hash, input.diff.sha256]),
    },
  };
}

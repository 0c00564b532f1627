/**
 * Full cluster recovery (runbook: "Full Cluster Recovery"), for a cluster that cannot be saved.
 * Deletes the cluster from its template (the provider removes the VMs), waits until nothing of
 * it is left instead of sleeping, checks for orphaned clustermachines, syncs the template again
 * and waits until the new cluster is healthy. Longhorn volumes are lost unless backed up.
 */
import type { LabelFinding } from '../diagnostics/check-node-labels.js';
import { forbiddenLabelRefusal } from '../shared/forbidden-label-refusal.js';
import { type PlanResult, refuse, type Step, type TemplateSource } from '../shared/plan.js';
import { syncSteps, type TemplateTimeouts } from '../shared/template-steps.js';

export type RecoveryInput = {
  cluster: string;
  // What the requester typed to confirm; must be the cluster's name exactly.
  typedName: string;
  template: TemplateSource;
  findings: LabelFinding[];
  machineCount: number;
  clusterExists: boolean;
  approvalsNeeded: number;
  timeouts?: Partial<TemplateTimeouts> & { waitMs?: number; pollMs?: number };
};

export function planClusterRecovery(input: RecoveryInput): PlanResult {
  if (input.typedName !== input.cluster) {
    return refuse(
      `The typed name \`${input.typedName.slice(0, 80)}\` does not match the cluster \`${input.cluster}\`; nothing was requested.`,
    );
  }
  if (!input.clusterExists)
    return refuse(
      `Omni has no cluster ${input.cluster}; use /omni sync-template ${input.cluster} to deploy it.`,
    );
  const labels = forbiddenLabelRefusal(input.findings);
  if (labels) return refuse(`${labels} Redeploying would hit the same problem.`);
  const t = {
    commandMs: 300_000,
    statusWait: '20m',
    statusMs: 1_260_000,
    waitMs: 900_000,
    pollMs: 10_000,
    ...input.timeouts,
  };
  // Validate first: never delete a cluster whose template cannot bring it back.
  const [validate, sync, status] = syncSteps(input.template.path, t);
  const steps: Step[] = [
    ...(validate ? [validate] : []),
    {
      kind: 'omnictl',
      title: 'Delete the cluster (the provider removes its VMs)',
      args: ['cluster', 'template', 'delete', '-f', input.template.path],
      timeoutMs: t.commandMs,
      mutating: true,
      cancelLeaves: `the cluster ${input.cluster} is deleted and will not be redeployed`,
    },
    {
      kind: 'wait-cluster-gone',
      title: 'Wait until no machine of the cluster is left',
      cluster: input.cluster,
      timeoutMs: t.waitMs,
      pollMs: t.pollMs,
    },
    { kind: 'verify-no-orphans', title: 'Check for orphaned clustermachines', cluster: input.cluster },
    // The same snapshot as before the delete, checked again by omnictl right before it is deployed.
    ...(validate ? [{ ...validate, title: 'Validate the template again before the redeploy' }] : []),
    ...(sync
      ? [
          {
            ...sync,
            title: 'Redeploy: sync the template',
            cancelLeaves: `the cluster ${input.cluster} is being redeployed; Omni goes on building it, but the bot no longer waits for it to be healthy`,
          },
        ]
      : []),
    ...(status ? [status] : []),
  ];
  return {
    refused: false,
    plan: {
      procedure: 'recover-cluster',
      title: `Recover cluster ${input.cluster} from scratch`,
      cluster: input.cluster,
      targets: [
        {
          kind: 'cluster',
          id: input.cluster,
          template: input.template.shownPath,
          state: `${input.machineCount} machine${input.machineCount === 1 ? '' : 's'}`,
          change: 'every node deleted, then redeployed from the template',
        },
      ],
      steps,
      risks: [
        `Every node of ${input.cluster} is destroyed and rebuilt. Longhorn volumes and any other data on the nodes are LOST unless backed up outside the cluster.`,
        `Workloads on ${input.cluster} are down until the new cluster is ready.`,
      ],
      approvalsNeeded: input.approvalsNeeded,
      templateSnapshot: { hash: input.template.hash, files: input.template.files },
      fingerprint: JSON.stringify(['recover', input.cluster, input.template.hash, input.machineCount]),
    },
  };
}

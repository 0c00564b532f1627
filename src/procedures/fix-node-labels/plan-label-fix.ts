/**
 * The runbook's fix for nodes caught by NodeRestriction, once the template is fixed on disk:
 * remove the affected machines (runbook delete, then the Link removal current Omni needs),
 * then validate, sync and wait for the cluster to be healthy. Refused while the template on
 * disk still holds a forbidden label, naming the line to change, and when removing the nodes
 * would leave etcd without quorum (the shared check of every removal).
 */

import { refuseOmniIds } from '../../omni-model/identifiers.js';
import { isConnected } from '../../omni-model/reachability.js';
import type { LabelFinding } from '../diagnostics/check-node-labels.js';
import type { AffectedNode } from '../diagnostics/diagnose-label-loop.js';
import { checkQuorum } from '../shared/check-quorum.js';
import type { FleetSnapshot } from '../shared/fleet-snapshot.js';
import { forbiddenLabelRefusal } from '../shared/forbidden-label-refusal.js';
import {
  type MachineTarget,
  type PlanResult,
  refuse,
  type Step,
  type TemplateSource,
} from '../shared/plan.js';
import { syncSteps, type TemplateTimeouts } from '../shared/template-steps.js';

// The card shows what Omni says the node is: its role and link as of this reading.
function targetOf(node: AffectedNode, cluster: string, fleet: FleetSnapshot): MachineTarget {
  const status = fleet.clusterMachineStatuses.find((s) => s.metadata.id === node.id);
  return {
    kind: 'machine',
    id: node.id,
    hostname: node.hostname,
    cluster,
    role: node.role,
    stageName: node.evidence.join('; '),
    phase: node.keys.length > 0 ? `rejected labels: ${node.keys.join(', ')}` : 'label loop',
    finalizers: [],
    connected: status !== undefined && isConnected(status.metadata),
  };
}

export function planLabelFix(input: {
  cluster: string;
  template: TemplateSource;
  findings: LabelFinding[];
  affected: AffectedNode[];
  // Omni as read for the diagnosis: each target's real role, and the quorum check.
  fleet: FleetSnapshot;
  timeouts?: Partial<TemplateTimeouts> & { waitMs?: number; pollMs?: number };
}): PlanResult {
  // The affected ids come from Omni's output and become omnictl arguments: checked like Slack's.
  const badIds = refuseOmniIds({ machines: input.affected.map((n) => n.id), clusters: [input.cluster] });
  if (badIds) return refuse(badIds);
  const refusal = forbiddenLabelRefusal(input.findings);
  if (refusal) return refuse(refusal);
  const quorum = checkQuorum(
    input.fleet,
    input.affected.map((n) => n.id),
  );
  if (quorum.refused) return refuse(quorum.reason);
  const t = {
    commandMs: 120_000,
    statusWait: '10m',
    statusMs: 660_000,
    waitMs: 300_000,
    pollMs: 5_000,
    ...input.timeouts,
  };
  const removal: Step[] = input.affected.flatMap((node): Step[] => [
    {
      kind: 'omnictl',
      title: `Delete the ClusterMachine (runbook step) for ${node.hostname}`,
      args: ['delete', 'clustermachines', node.id],
      timeoutMs: t.commandMs,
      mutating: true,
      expectFailure: 'read-only',
      cancelLeaves: `the ClusterMachine of ${node.hostname} is deleted and ${input.cluster} is not re-synced`,
    },
    {
      kind: 'omnictl',
      title: `Remove the Link of ${node.hostname} (only if Omni refused the step before)`,
      args: ['cluster', 'machine', 'delete', node.id, '--force', '-y'],
      timeoutMs: t.commandMs,
      mutating: true,
      onlyIfPreviousRefused: true,
      cancelLeaves: `the Link of ${node.hostname} is removed and ${input.cluster} is not re-synced`,
    },
  ]);
  if (input.affected.length > 0) {
    removal.push({
      kind: 'wait-gone',
      title: 'Wait until the removed machines are gone',
      machineIds: input.affected.map((n) => n.id),
      timeoutMs: t.waitMs,
      pollMs: t.pollMs,
    });
  }
  return {
    refused: false,
    plan: {
      procedure: 'fix-node-labels',
      title: `Remove the nodes caught by NodeRestriction and re-sync ${input.cluster}`,
      cluster: input.cluster,
      targets: input.affected.map((n) => targetOf(n, input.cluster, input.fleet)),
      // Validate first: no machine is removed for a template omnictl would not sync.
      steps: [...validateFirst(syncSteps(input.template.path, t), removal)],
      risks:
        input.affected.length > 0
          ? [
              'The affected nodes are removed from Omni (their machine class provisions replacements); workloads on them are rescheduled.',
              ...quorum.risks,
            ]
          : [],
      approvalsNeeded: 1,
      templateSnapshot: { hash: input.template.hash, files: input.template.files },
      fingerprint: JSON.stringify([
        'label-fix',
        input.cluster,
        input.template.hash,
        input.affected.map((n) => n.id),
      ]),
    },
  };
}

// validate → removal → sync → status.
function validateFirst([validate, ...rest]: Step[], removal: Step[]): Step[] {
  return [...(validate ? [validate] : []), ...removal, ...rest];
}

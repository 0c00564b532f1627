/**
 * The runbook's fix for nodes caught by NodeRestriction, once the template is fixed on disk:
 * remove the affected machines (runbook delete, then the Link removal current Omni needs),
 * then validate, sync and wait for the cluster to be healthy. Refused while the template on
 * disk still holds a forbidden label, naming the line to change.
 */

import type { LabelFinding } from './check-node-labels.js';
import type { AffectedNode } from './diagnose-label-loop.js';
import { type PlanResult, refuse, type Step, type TemplateSource } from './plan.js';
import { forbiddenLabelRefusal } from './plan-template-sync.js';
import { syncSteps, type TemplateTimeouts } from './template-steps.js';

export function planLabelFix(input: {
  cluster: string;
  template: TemplateSource;
  findings: LabelFinding[];
  affected: AffectedNode[];
  timeouts?: Partial<TemplateTimeouts> & { waitMs?: number; pollMs?: number };
}): PlanResult {
  const refusal = forbiddenLabelRefusal(input.findings);
  if (refusal) return refuse(refusal);
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
    },
    {
      kind: 'omnictl',
      title: `Remove the Link of ${node.hostname} (only if Omni refused the step before)`,
      args: ['cluster', 'machine', 'delete', node.id, '--force', '-y'],
      timeoutMs: t.commandMs,
      mutating: true,
      onlyIfPreviousRefused: true,
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
      targets: input.affected.map((n) => ({
        id: n.id,
        hostname: n.hostname,
        cluster: input.cluster,
        role: 'node',
        stageName: n.evidence.join('; '),
        phase: n.keys.length > 0 ? `rejected labels: ${n.keys.join(', ')}` : 'label loop',
        finalizers: [],
        connected: true,
      })),
      // Validate first: no machine is removed for a template omnictl would not sync.
      steps: [...validateFirst(syncSteps(input.template.path, t), removal)],
      risks:
        input.affected.length > 0
          ? [
              'The affected nodes are removed from Omni (their machine class provisions replacements); workloads on them are rescheduled.',
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

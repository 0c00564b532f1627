/**
 * Resuming an approved plan that a stop or a crash interrupted: the steps not yet run, from the
 * first one that did not finish (an interrupted step runs again: it may or may not have taken
 * effect), each checked against Omni as read now. A step whose effect Omni already shows (the
 * cluster is gone, the machine is gone) is reported done rather than run again.
 */
import { cancelRule, type StepProgress } from './cancel-rule.js';
import { type Plan, type Refusal, refuse, type Step } from './plan.js';

// Finished: the step's work is done (or was not needed), so a resume does not run it again.
const FINISHED: ReadonlySet<StepProgress> = new Set(['ok', 'skipped', 'refused-expected']);

export type OmniNow = {
  // Clusters Omni has now, and the ids of the machines it still lists (ClusterMachines, Machines).
  clusters: ReadonlySet<string>;
  machines: ReadonlySet<string>;
};

export type ResumePlan = {
  plan: Plan;
  // Index in `plan.steps` → why it is already done.
  alreadyDone: Map<number, string>;
  // Whether a destructive step already ran: the plan's own steps changed what its fingerprint
  // covers, so it is not compared again.
  afterDestructive: boolean;
};

export function firstUnfinished(progress: readonly StepProgress[], steps: number): number {
  for (let idx = 0; idx < steps; idx += 1) if (!FINISHED.has(progress[idx] ?? 'pending')) return idx;
  return steps;
}

function alreadyDone(step: Step, plan: Plan, omni: OmniNow): string | undefined {
  if (step.kind !== 'omnictl' || !step.mutating) return undefined;
  const [a, b, c, d] = step.args;
  if (a === 'cluster' && b === 'template' && c === 'delete' && plan.cluster !== null) {
    return omni.clusters.has(plan.cluster)
      ? undefined
      : `Already done: Omni has no cluster ${plan.cluster} any more.`;
  }
  const machine =
    a === 'delete' && b === 'clustermachines'
      ? c
      : a === 'cluster' && b === 'machine' && c === 'delete'
        ? d
        : undefined;
  if (machine !== undefined && !omni.machines.has(machine))
    return `Already done: Omni no longer lists machine ${machine}.`;
  return undefined;
}

export function planResume(input: {
  plan: Plan;
  progress: readonly StepProgress[];
  omni: OmniNow;
}): Refusal | { refused: false; resume: ResumePlan } {
  const { plan, progress } = input;
  if (plan.needsSecret)
    return refuse(
      'This run used a key pasted by its approver, which the bot does not keep: request it again.',
    );
  const at = firstUnfinished(progress, plan.steps.length);
  if (at >= plan.steps.length)
    return refuse('Every step of this run has finished: there is nothing to resume.');
  const rule = cancelRule(plan.steps, progress, plan.resumed?.cancelLeaves);
  const steps = plan.steps.slice(at).map((step, i): Step => {
    // "Only if the step before was refused": the step before ran in the interrupted run.
    if (i === 0 && step.kind === 'omnictl' && step.onlyIfPreviousRefused)
      return { ...step, onlyIfPreviousRefused: false };
    return step;
  });
  const done = new Map<number, string>();
  const first = plan.steps[at];
  if (first?.kind === 'omnictl' && first.onlyIfPreviousRefused && progress[at - 1] !== 'refused-expected')
    done.set(0, 'Not needed: the step before did the job.');
  for (const [i, step] of steps.entries()) {
    if (done.has(i)) continue;
    const why = alreadyDone(step, plan, input.omni);
    if (why) done.set(i, why);
  }
  // Step numbers stay those of the approved plan, whichever resume this is.
  const resumed = {
    at: (plan.resumed?.at ?? 0) + at,
    ...(rule.approverOnly ? { cancelLeaves: rule.leaves } : {}),
  };
  return {
    refused: false,
    resume: { plan: { ...plan, steps, resumed }, alreadyDone: done, afterDestructive: rule.approverOnly },
  };
}

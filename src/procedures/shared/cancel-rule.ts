/**
 * Who may cancel a running plan, and what a cancel leaves behind. Before any destructive step has
 * run, a cancel leaves things as they were, so the requester may cancel as well as an approver.
 * Once one has run, a cancel no longer undoes anything, it stops the procedure half-way (a
 * recover-cluster after its delete leaves the cluster deleted): only an approver, who may approve
 * such a state, may decide that, and the status message says which state it is.
 */
import type { Step } from './plan.js';

// A step's state as the runner recorded it (`pending`: not started).
export type StepProgress =
  | 'pending'
  | 'running'
  | 'ok'
  | 'failed'
  | 'skipped'
  | 'interrupted'
  | 'refused-expected';

type CancelRule =
  | { approverOnly: false }
  | {
      approverOnly: true;
      // What a cancel leaves behind, as a clause ("the cluster … is deleted"), no final period.
      leaves: string;
    };

function isDestructive(step: Step): boolean {
  if (step.kind === 'install-provider-key') return true;
  return (step.kind === 'omnictl' || step.kind === 'ssh') && step.mutating;
}

// Started counts: a step stopped half-way may have changed things. Skipped ones (dry run, not
// needed) and those Omni refused as expected changed nothing.
const CHANGED: ReadonlySet<StepProgress> = new Set(['running', 'ok', 'failed', 'interrupted']);

// `before`: what a cancel leaves because of destructive steps of an earlier run this one resumes.
export function cancelRule(
  steps: readonly Step[],
  progress: readonly StepProgress[],
  before?: string,
): CancelRule {
  let last: { idx: number; step: Step } | undefined;
  for (const [idx, step] of steps.entries()) {
    if (isDestructive(step) && CHANGED.has(progress[idx] ?? 'pending')) last = { idx, step };
  }
  if (!last) return before === undefined ? { approverOnly: false } : { approverOnly: true, leaves: before };
  const said = 'cancelLeaves' in last.step ? last.step.cancelLeaves : undefined;
  return {
    approverOnly: true,
    leaves:
      said ?? `what step ${last.idx + 1} (${last.step.title}) changed stays as it is, and no later step runs`,
  };
}

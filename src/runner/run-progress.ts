import type { RunEvent, RunResult, StepState } from './run-events.js';

export type RunProgress = {
  /** Each step as it is now; a new array per change, so a notice keeps the state it was given. */
  readonly steps: readonly StepState[];
  apply(event: RunEvent): readonly StepState[];
  finish(result: RunResult): readonly StepState[];
};

/**
 * The one copy of a run's progress while it runs (the store keeps the rows, the notifier shows
 * this): each step pending, running with its last line of output, or ended.
 */
export function createRunProgress(stepCount: number): RunProgress {
  let steps: readonly StepState[] = Array.from({ length: stepCount }, () => ({ status: 'pending' as const }));
  const set = (idx: number, state: StepState) => {
    const next = [...steps];
    next[idx] = state;
    steps = next;
    return steps;
  };
  return {
    get steps() {
      return steps;
    },
    apply(event) {
      if (event.type === 'step-started') return set(event.idx, { status: 'running' });
      if (event.type === 'step-output') return set(event.idx, { status: 'running', lastLine: event.line });
      return set(event.result.idx, { status: event.result.status });
    },
    finish(result) {
      for (const r of result.steps) set(r.idx, { status: r.status });
      return steps;
    },
  };
}

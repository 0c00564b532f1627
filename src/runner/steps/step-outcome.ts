import type { StepResult } from '../run-events.js';

/** What a step reports; the runner adds its index and duration. */
export type StepOutcome = Omit<StepResult, 'idx' | 'durationMs'>;

/** Not run, and why (a dry run, or not needed); nothing was changed. */
export function skipped(note: string): StepOutcome {
  return { status: 'skipped', exitCode: null, note, outputTail: '' };
}

/** Failed before any command ran, so there is no exit code and no output to show. */
export function failed(note: string): StepOutcome {
  return { status: 'failed', exitCode: null, note, outputTail: '' };
}

import type { Step } from '../procedures/shared/plan.js';
import type { StepStatus } from '../store/records.js';

export type StepResult = {
  idx: number;
  status: StepStatus;
  exitCode: number | null;
  durationMs: number;
  note: string;
  outputTail: string;
};

export type RunEvent =
  // `deadline` (ISO): when a wait step gives up, stored so a resumed wait keeps it.
  | { type: 'step-started'; idx: number; step: Step; command: string; deadline?: string }
  | { type: 'step-output'; idx: number; line: string }
  | { type: 'step-finished'; step: Step; result: StepResult };

export type RunResult = {
  status: 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
  steps: StepResult[];
  // One line an operator reads first: verified, or what is left.
  verdict: string;
};

/** A step as the run's progress shows it: its status and, while it runs, its last line of output. */
export type StepState = { status: StepStatus | 'pending'; lastLine?: string };

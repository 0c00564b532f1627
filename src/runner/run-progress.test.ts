import { describe, expect, it } from 'vitest';
import type { Step } from '../procedures/shared/plan.js';
import type { StepResult } from './run-events.js';
import { createRunProgress } from './run-progress.js';

const STEP: Step = {
  kind: 'omnictl',
  title: 'Step',
  args: ['get', 'machines'],
  timeoutMs: 1_000,
  mutating: false,
};
const result = (idx: number, status: StepResult['status']): StepResult => ({
  idx,
  status,
  exitCode: 0,
  durationMs: 1,
  note: '',
  outputTail: '',
});

describe('createRunProgress', () => {
  it('follows the run events step by step, and gives each state as a new array', () => {
    const progress = createRunProgress(3);
    const before = progress.steps;

    progress.apply({ type: 'step-started', idx: 0, step: STEP, command: 'omnictl get machines' });
    const running = progress.apply({ type: 'step-output', idx: 0, line: 'a line' });
    const ended = progress.apply({ type: 'step-finished', step: STEP, result: result(0, 'ok') });

    expect(before).toEqual([{ status: 'pending' }, { status: 'pending' }, { status: 'pending' }]);
    expect(running[0]).toEqual({ status: 'running', lastLine: 'a line' });
    expect(ended).toEqual([{ status: 'ok' }, { status: 'pending' }, { status: 'pending' }]);
    expect(progress.steps).toBe(ended);
  });

  it('takes the final status of each step from the result', () => {
    const progress = createRunProgress(3);
    progress.apply({ type: 'step-started', idx: 1, step: STEP, command: 'omnictl get machines' });

    const final = progress.finish({
      status: 'failed',
      steps: [result(0, 'ok'), result(1, 'failed')],
      verdict: 'Step 2 failed.',
    });

    expect(final).toEqual([{ status: 'ok' }, { status: 'failed' }, { status: 'pending' }]);
  });
});

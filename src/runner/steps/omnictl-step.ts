import type { OmnictlStep } from '../../procedures/shared/plan.js';
import { createOutputTail } from '../output-tail.js';
import type { StepContext } from '../run-plan.js';
import { type StepOutcome, skipped } from './step-outcome.js';

export async function runOmnictlStep(step: OmnictlStep, ctx: StepContext): Promise<StepOutcome> {
  if (step.onlyIfPreviousRefused && ctx.previous?.status !== 'refused-expected') {
    return skipped('Not needed: the step before did the job.');
  }
  if (ctx.dryRun && step.mutating) {
    return skipped('Dry run: not executed.');
  }
  const tail = createOutputTail();
  const result = await ctx.omnictl.run(step.args, {
    signal: ctx.signal,
    timeoutMs: step.timeoutMs,
    onLine: (line) => {
      tail.push(line);
      ctx.emit({ type: 'step-output', idx: ctx.idx, line });
    },
  });
  const outputTail = tail.text() || result.stderr.trim().slice(-2_000);
  if (!result.failure) return { status: 'ok', exitCode: result.exitCode, note: 'Done.', outputTail };
  if (step.expectFailure && result.failure.kind === step.expectFailure) {
    return {
      status: 'refused-expected',
      exitCode: result.exitCode,
      note: 'Omni refused it as read-only, as current Omni does: going on with the next step.',
      outputTail,
    };
  }
  return { status: 'failed', exitCode: result.exitCode, note: result.failure.message, outputTail };
}

import { OmniError } from '../../omni/omni-error.js';
import type { StepContext } from '../run-plan.js';
import { failed, type StepOutcome } from './step-outcome.js';

type GonePoll<Left> = {
  /** What is still there, read from Omni; an OmniError fails the step with its sentence. */
  read(): Promise<Left>;
  isGone(left: Left): boolean;
  /** The progress line for what is left. */
  progress(left: Left): string;
  /** The step's note once gone, given "1 check" / "3 checks". */
  gone(checks: string): string;
  timedOut(left: Left): string;
};

/**
 * Polls instead of the runbook's `sleep 30`: done as soon as Omni agrees, bounded by the timeout.
 * A resumed wait keeps the deadline its first run stored; a new one counts from Omni's first
 * answer (waiting for a slot to run omnictl is not Omni's time).
 */
export async function pollUntilGone<Left>(
  ctx: StepContext,
  timing: { timeoutMs: number; pollMs: number },
  poll: GonePoll<Left>,
): Promise<StepOutcome> {
  let deadline: number | undefined = ctx.resumedDeadline;
  let polls = 0;
  for (;;) {
    polls += 1;
    let left: Left;
    try {
      left = await poll.read();
    } catch (error) {
      if (error instanceof OmniError) return failed(error.userMessage);
      throw error;
    }
    if (poll.isGone(left)) {
      const checks = `${polls} check${polls === 1 ? '' : 's'}`;
      return { status: 'ok', exitCode: 0, note: poll.gone(checks), outputTail: '' };
    }
    ctx.emit({ type: 'step-output', idx: ctx.idx, line: poll.progress(left) });
    deadline ??= ctx.clock().getTime() + timing.timeoutMs;
    if (ctx.clock().getTime() + timing.pollMs > deadline || ctx.signal.aborted)
      return failed(poll.timedOut(left));
    await ctx.sleep(timing.pollMs, ctx.signal);
  }
}

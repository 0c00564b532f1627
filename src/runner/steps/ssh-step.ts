import type { SshStep } from '../../procedures/shared/plan.js';
import { createOutputTail } from '../output-tail.js';
import { isRemoteFailure } from '../remote-session.js';
import type { StepContext } from '../run-plan.js';
import { failed, type StepOutcome, skipped } from './step-outcome.js';

export async function runSshStep(step: SshStep, ctx: StepContext): Promise<StepOutcome> {
  if (ctx.dryRun && step.mutating) return skipped('Dry run: not executed.');
  if (!ctx.remote) return failed('No provider host is configured (PROVIDER_SSH_HOST).');
  const session = await ctx.remote.connect();
  if (isRemoteFailure(session)) return failed(session.message);
  const tail = createOutputTail();
  try {
    const result = await session.exec(
      { cwd: step.cwd, argv: step.argv },
      {
        timeoutMs: step.timeoutMs,
        signal: ctx.signal,
        onLine: (line) => {
          tail.push(line);
          ctx.emit({ type: 'step-output', idx: ctx.idx, line });
        },
      },
    );
    if (result.failure)
      return {
        status: 'failed',
        exitCode: result.exitCode,
        note: result.failure.message,
        outputTail: tail.text(),
      };
    return { status: 'ok', exitCode: result.exitCode, note: 'Done.', outputTail: tail.text() };
  } finally {
    await session.close();
  }
}

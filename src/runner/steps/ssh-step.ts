import type { SshStep } from '../../procedures/shared/plan.js';
import { createOutputTail } from '../output-tail.js';
import { isRemoteFailure } from '../remote-session.js';
import type { StepResult } from '../run-events.js';
import type { StepContext } from '../run-plan.js';

type Outcome = Omit<StepResult, 'idx' | 'durationMs'>;

export async function runSshStep(step: SshStep, ctx: StepContext): Promise<Outcome> {
  if (ctx.dryRun && step.mutating)
    return { status: 'skipped', exitCode: null, note: 'Dry run: not executed.', outputTail: '' };
  if (!ctx.remote)
    return {
      status: 'failed',
      exitCode: null,
      note: 'No provider host is configured (PROVIDER_SSH_HOST).',
      outputTail: '',
    };
  const session = await ctx.remote.connect();
  if (isRemoteFailure(session))
    return { status: 'failed', exitCode: null, note: session.message, outputTail: '' };
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

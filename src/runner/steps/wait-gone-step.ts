import { clusterMachineKind } from '../../omni/cluster-machine-resources.js';
import { machineKind } from '../../omni/machine-resources.js';
import { OmniError } from '../../omni/omni-error.js';
import type { WaitGoneStep } from '../../procedures/shared/plan.js';
import type { StepResult } from '../run-events.js';
import type { StepContext } from '../run-plan.js';

type Outcome = Omit<StepResult, 'idx' | 'durationMs'>;

async function stillPresent(ctx: StepContext, ids: readonly string[]): Promise<string[]> {
  const [clusterMachines, machines] = await Promise.all([
    ctx.omnictl.get(clusterMachineKind, { signal: ctx.signal }),
    ctx.omnictl.get(machineKind, { signal: ctx.signal }),
  ]);
  const present = new Set([...clusterMachines, ...machines].map((r) => r.metadata.id));
  return ids.filter((id) => present.has(id));
}

// Polls instead of the runbook's `sleep 30`: done as soon as Omni agrees, bounded by the timeout.
export async function waitGoneStep(step: WaitGoneStep, ctx: StepContext): Promise<Outcome> {
  if (ctx.dryRun)
    return {
      status: 'skipped',
      exitCode: null,
      note: 'Dry run: nothing was removed, so nothing to wait for.',
      outputTail: '',
    };
  // A resumed wait keeps the deadline its first run stored; a new one counts from Omni's first
  // answer (waiting for a slot to run omnictl is not Omni's time).
  let deadline: number | undefined = ctx.resumedDeadline;
  let polls = 0;
  for (;;) {
    polls += 1;
    let left: string[];
    try {
      left = await stillPresent(ctx, step.machineIds);
    } catch (error) {
      if (error instanceof OmniError)
        return { status: 'failed', exitCode: null, note: error.userMessage, outputTail: '' };
      throw error;
    }
    if (left.length === 0)
      return {
        status: 'ok',
        exitCode: 0,
        note: `Gone after ${polls} check${polls === 1 ? '' : 's'}.`,
        outputTail: '',
      };
    ctx.emit({ type: 'step-output', idx: ctx.idx, line: `still present: ${left.join(', ')}` });
    deadline ??= ctx.clock().getTime() + step.timeoutMs;
    if (ctx.clock().getTime() + step.pollMs > deadline || ctx.signal.aborted) {
      return {
        status: 'failed',
        exitCode: null,
        note: `Still present after ${Math.round(step.timeoutMs / 1000)}s: ${left.join(', ')}.`,
        outputTail: '',
      };
    }
    await ctx.sleep(step.pollMs, ctx.signal);
  }
}

import { clusterMachineKind } from '../../omni/cluster-machine-resources.js';
import { machineKind } from '../../omni/machine-resources.js';
import type { WaitGoneStep } from '../../procedures/shared/plan.js';
import type { StepContext } from '../run-plan.js';
import { pollUntilGone } from './poll-until-gone.js';
import { type StepOutcome, skipped } from './step-outcome.js';

async function stillPresent(ctx: StepContext, ids: readonly string[]): Promise<string[]> {
  const [clusterMachines, machines] = await Promise.all([
    ctx.omnictl.get(clusterMachineKind, { signal: ctx.signal }),
    ctx.omnictl.get(machineKind, { signal: ctx.signal }),
  ]);
  const present = new Set([...clusterMachines, ...machines].map((r) => r.metadata.id));
  return ids.filter((id) => present.has(id));
}

export async function waitGoneStep(step: WaitGoneStep, ctx: StepContext): Promise<StepOutcome> {
  if (ctx.dryRun) return skipped('Dry run: nothing was removed, so nothing to wait for.');
  return pollUntilGone(ctx, step, {
    read: () => stillPresent(ctx, step.machineIds),
    isGone: (left) => left.length === 0,
    progress: (left) => `still present: ${left.join(', ')}`,
    gone: (checks) => `Gone after ${checks}.`,
    timedOut: (left) => `Still present after ${Math.round(step.timeoutMs / 1000)}s: ${left.join(', ')}.`,
  });
}

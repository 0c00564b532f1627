import { clusterMachineKind } from '../../omni/cluster-machine-resources.js';
import { machineStatusKind } from '../../omni/machine-resources.js';
import { OmniError } from '../../omni/omni-error.js';
import { labelText, OmniLabel } from '../../omni-model/labels.js';
import type { VerifyNoOrphansStep, WaitClusterGoneStep } from '../../procedures/shared/plan.js';
import type { StepContext } from '../run-plan.js';
import { pollUntilGone } from './poll-until-gone.js';
import { failed, type StepOutcome, skipped } from './step-outcome.js';

async function leftOf(
  ctx: StepContext,
  cluster: string,
): Promise<{ clusterMachines: number; machineStatuses: number }> {
  const selector = `${OmniLabel.cluster}=${cluster}`;
  const [clusterMachines, machineStatuses] = await Promise.all([
    ctx.omnictl.get(clusterMachineKind, { selector, signal: ctx.signal }),
    ctx.omnictl.get(machineStatusKind, { selector, signal: ctx.signal }),
  ]);
  return { clusterMachines: clusterMachines.length, machineStatuses: machineStatuses.length };
}

export async function waitClusterGoneStep(step: WaitClusterGoneStep, ctx: StepContext): Promise<StepOutcome> {
  if (ctx.dryRun) return skipped('Dry run: nothing was deleted.');
  return pollUntilGone(ctx, step, {
    read: () => leftOf(ctx, step.cluster),
    isGone: (left) => left.clusterMachines + left.machineStatuses === 0,
    progress: (left) =>
      `${left.clusterMachines} clustermachines, ${left.machineStatuses} machines of ${step.cluster} left`,
    gone: (checks) => `Cleaned up after ${checks}.`,
    timedOut: (left) =>
      `Still ${left.clusterMachines} clustermachines and ${left.machineStatuses} machines of ${step.cluster} after ${Math.round(step.timeoutMs / 1000)}s.`,
  });
}

// The runbook's "verify no orphaned resources": any ClusterMachine still labelled with the cluster.
export async function verifyNoOrphansStep(step: VerifyNoOrphansStep, ctx: StepContext): Promise<StepOutcome> {
  if (ctx.dryRun) return skipped('Dry run: nothing to verify.');
  try {
    const all = await ctx.omnictl.get(clusterMachineKind, { signal: ctx.signal });
    const orphans = all
      .filter((cm) => labelText(cm.metadata, OmniLabel.cluster) === step.cluster)
      .map((cm) => cm.metadata.id);
    if (orphans.length > 0)
      return failed(
        `Orphaned clustermachines of ${step.cluster}: ${orphans.join(', ')}. Remove them with /omni delete-clustermachine before redeploying.`,
      );
    return {
      status: 'ok',
      exitCode: 0,
      note: `No orphaned clustermachines of ${step.cluster}.`,
      outputTail: '',
    };
  } catch (error) {
    if (error instanceof OmniError) return failed(error.userMessage);
    throw error;
  }
}

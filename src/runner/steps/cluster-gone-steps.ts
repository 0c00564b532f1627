import { clusterMachineKind } from '../../omni/cluster-machine-resources.js';
import { machineStatusKind } from '../../omni/machine-resources.js';
import { OmniError } from '../../omni/omni-error.js';
import { labelText, OmniLabel } from '../../omni-model/labels.js';
import type { VerifyNoOrphansStep, WaitClusterGoneStep } from '../../procedures/plan.js';
import type { StepResult } from '../run-events.js';
import type { StepContext } from '../run-plan.js';

type Outcome = Omit<StepResult, 'idx' | 'durationMs'>;

const fail = (note: string): Outcome => ({ status: 'failed', exitCode: null, note, outputTail: '' });

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

export async function waitClusterGoneStep(step: WaitClusterGoneStep, ctx: StepContext): Promise<Outcome> {
  if (ctx.dryRun)
    return { status: 'skipped', exitCode: null, note: 'Dry run: nothing was deleted.', outputTail: '' };
  // A resumed wait keeps the deadline its first run stored; a new one counts from Omni's first
  // answer (waiting for a slot to run omnictl is not Omni's time).
  let deadline: number | undefined = ctx.resumedDeadline;
  let polls = 0;
  for (;;) {
    polls += 1;
    let left: { clusterMachines: number; machineStatuses: number };
    try {
      left = await leftOf(ctx, step.cluster);
    } catch (error) {
      if (error instanceof OmniError) return fail(error.userMessage);
      throw error;
    }
    if (left.clusterMachines + left.machineStatuses === 0) {
      return {
        status: 'ok',
        exitCode: 0,
        note: `Cleaned up after ${polls} check${polls === 1 ? '' : 's'}.`,
        outputTail: '',
      };
    }
    ctx.emit({
      type: 'step-output',
      idx: ctx.idx,
      line: `${left.clusterMachines} clustermachines, ${left.machineStatuses} machines of ${step.cluster} left`,
    });
    deadline ??= ctx.clock().getTime() + step.timeoutMs;
    if (ctx.clock().getTime() + step.pollMs > deadline || ctx.signal.aborted) {
      return fail(
        `Still ${left.clusterMachines} clustermachines and ${left.machineStatuses} machines of ${step.cluster} after ${Math.round(step.timeoutMs / 1000)}s.`,
      );
    }
    await ctx.sleep(step.pollMs, ctx.signal);
  }
}

// The runbook's "verify no orphaned resources": any ClusterMachine still labelled with the cluster.
export async function verifyNoOrphansStep(step: VerifyNoOrphansStep, ctx: StepContext): Promise<Outcome> {
  if (ctx.dryRun)
    return { status: 'skipped', exitCode: null, note: 'Dry run: nothing to verify.', outputTail: '' };
  try {
    const all = await ctx.omnictl.get(clusterMachineKind, { signal: ctx.signal });
    const orphans = all
      .filter((cm) => labelText(cm.metadata, OmniLabel.cluster) === step.cluster)
      .map((cm) => cm.metadata.id);
    if (orphans.length > 0)
      return fail(
        `Orphaned clustermachines of ${step.cluster}: ${orphans.join(', ')}. Remove them with /omni delete-clustermachine before redeploying.`,
      );
    return {
      status: 'ok',
      exitCode: 0,
      note: `No orphaned clustermachines of ${step.cluster}.`,
      outputTail: '',
    };
  } catch (error) {
    if (error instanceof OmniError) return fail(error.userMessage);
    throw error;
  }
}

import {
  infraProviderCombinedStatusKind,
  infraProviderHealthStatusKind,
  lastHeartbeatAt,
} from '../../omni/infra-provider-resources.js';
import { OmniError } from '../../omni/omni-error.js';
import type { WaitProviderStep } from '../../procedures/shared/plan.js';
import type { StepContext } from '../run-plan.js';
import { type StepOutcome, skipped } from './step-outcome.js';

/**
 * The provider beats every 30 s; Omni's own view is the verification, not the container's state.
 * "Connected" alone is not enough: Omni keeps it for 31 s after the last heartbeat, so right after
 * a restart it can still describe the container that was stopped. Only a heartbeat newer than the
 * restart (the start of the step before this one) shows the restarted provider reporting. (Omni
 * stamps the heartbeat with its own clock: a skew of a few seconds costs at most one more beat.)
 */
export async function waitProviderStep(step: WaitProviderStep, ctx: StepContext): Promise<StepOutcome> {
  if (ctx.dryRun) return skipped('Dry run: nothing was restarted.');
  const since = ctx.previousStartedAt ?? ctx.clock();
  let staleBeat: Date | undefined;
  // A resumed wait keeps the deadline its first run stored; a new one counts from Omni's first
  // answer (waiting for a slot to run omnictl is not Omni's time).
  let deadline: number | undefined = ctx.resumedDeadline;
  for (;;) {
    try {
      const [statuses, healths] = await Promise.all([
        ctx.omnictl.get(infraProviderCombinedStatusKind, { signal: ctx.signal }),
        ctx.omnictl.get(infraProviderHealthStatusKind, { signal: ctx.signal }),
      ]);
      const status = statuses.find((s) => s.metadata.id === step.providerId);
      const health = healths.find((s) => s.metadata.id === step.providerId);
      const beat = health && lastHeartbeatAt(health);
      const fresh = beat !== undefined && beat.getTime() > since.getTime();
      if (status?.spec.health.connected && fresh) {
        return {
          status: 'ok',
          exitCode: 0,
          note: `Verified: Omni reports the ${step.providerId} provider connected. Its last heartbeat (${beat.toISOString()}) is after the restart.`,
          outputTail: '',
        };
      }
      staleBeat = status?.spec.health.connected ? beat : undefined;
      ctx.emit({
        type: 'step-output',
        idx: ctx.idx,
        line: status?.spec.health.connected
          ? `connected, but no heartbeat since ${since.toISOString()} yet`
          : `not connected yet${status?.spec.health.error ? `: ${status.spec.health.error}` : ''}`,
      });
    } catch (error) {
      if (!(error instanceof OmniError)) throw error;
      ctx.emit({ type: 'step-output', idx: ctx.idx, line: `omnictl: ${error.kind}` });
    }
    deadline ??= ctx.clock().getTime() + step.timeoutMs;
    if (ctx.clock().getTime() + step.pollMs > deadline || ctx.signal.aborted) {
      const seconds = Math.round(step.timeoutMs / 1000);
      const note = staleBeat
        ? `Omni still shows the provider connected, but its last heartbeat (${staleBeat.toISOString()}) is from before the restart: it has not reported within ${seconds}s. Check its logs (docker compose logs) and its key (/omni provider-status).`
        : `The provider did not reconnect within ${seconds}s. Check its logs (docker compose logs) and its key (/omni provider-status).`;
      return { status: 'failed', exitCode: null, note, outputTail: '' };
    }
    await ctx.sleep(step.pollMs, ctx.signal);
  }
}

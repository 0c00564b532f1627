import { infraProviderCombinedStatusKind } from '../../omni/infra-provider-resources.js';
import { OmniError } from '../../omni/omni-error.js';
import type { WaitProviderStep } from '../../procedures/plan.js';
import type { StepResult } from '../run-events.js';
import type { StepContext } from '../run-plan.js';

type Outcome = Omit<StepResult, 'idx' | 'durationMs'>;

// The provider beats every 30 s; Omni's own view is the verification, not the container's state.
export async function waitProviderStep(step: WaitProviderStep, ctx: StepContext): Promise<Outcome> {
  if (ctx.dryRun)
    return { status: 'skipped', exitCode: null, note: 'Dry run: nothing was restarted.', outputTail: '' };
  // A resumed wait keeps the deadline its first run stored (run-plan.ts).
  const deadline = ctx.deadline;
  for (;;) {
    try {
      const statuses = await ctx.omnictl.get(infraProviderCombinedStatusKind, { signal: ctx.signal });
      const status = statuses.find((s) => s.metadata.id === step.providerId);
      if (status?.spec.health.connected) {
        return {
          status: 'ok',
          exitCode: 0,
          note: `Verified: Omni reports the ${step.providerId} provider connected.`,
          outputTail: '',
        };
      }
      ctx.emit({
        type: 'step-output',
        idx: ctx.idx,
        line: `not connected yet${status?.spec.health.error ? `: ${status.spec.health.error}` : ''}`,
      });
    } catch (error) {
      if (!(error instanceof OmniError)) throw error;
      ctx.emit({ type: 'step-output', idx: ctx.idx, line: `omnictl: ${error.kind}` });
    }
    if (ctx.clock().getTime() + step.pollMs > deadline || ctx.signal.aborted) {
      return {
        status: 'failed',
        exitCode: null,
        note: `The provider did not reconnect within ${Math.round(step.timeoutMs / 1000)}s. Check its logs (docker compose logs) and its key (/omni provider-status).`,
        outputTail: '',
      };
    }
    await ctx.sleep(step.pollMs, ctx.signal);
  }
}

import type { UseCases } from '../command-context.js';
import { CHANNEL_ACCESS_ERRORS, notInChannelView } from '../not-in-channel.js';
import { parseDiagnoseValue } from '../views/alert-view.js';
import type { SlackMessage } from '../views/block-kit.js';
import { driftView } from '../views/drift-view.js';
import { problemView } from '../views/help-view.js';
import { labelLoopView } from '../views/label-loop-view.js';
import { providerStatusView } from '../views/provider-status-view.js';
import { stuckMachinesView } from '../views/stuck-machines-view.js';
import type { ActionContext } from './action-context.js';
import { forgedButtonView } from './forged-button-view.js';

async function diagnose(
  ctx: ActionContext,
  useCases: UseCases,
  command: string,
  cluster?: string,
): Promise<SlackMessage[]> {
  switch (command) {
    case 'stuck-machines': {
      const outcome = await useCases.stuckMachines({ cluster });
      return outcome.ok ? stuckMachinesView(outcome.value, ctx.userId) : [problemView(outcome.problem)];
    }
    case 'provider-status': {
      const outcome = await useCases.providerStatus();
      return [outcome.ok ? providerStatusView(outcome.value) : problemView(outcome.problem)];
    }
    case 'reboot-loop': {
      const outcome = await useCases.labelLoop({ cluster });
      return outcome.ok
        ? outcome.value.map((r) => labelLoopView(r, ctx.userId))
        : [problemView(outcome.problem)];
    }
    default: {
      const outcome = await useCases.drift({ cluster });
      return [outcome.ok ? driftView(outcome.value, ctx.userId) : problemView(outcome.problem)];
    }
  }
}

// An alert's Diagnose button: the matching read-only report, in the alert's thread.
export async function diagnoseAction(ctx: ActionContext, useCases: UseCases): Promise<void> {
  const parsed = parseDiagnoseValue(ctx.value);
  if (!parsed) return ctx.tell(forgedButtonView());
  for (const message of await diagnose(ctx, useCases, parsed.command, parsed.cluster)) {
    const posted = await ctx.replyInThread(message);
    if (posted.ok) continue;
    // A channel the bot left (or never joined) is the clicker's to fix, not an internal error.
    if (CHANNEL_ACCESS_ERRORS.has(posted.error)) return ctx.tell(notInChannelView('click Diagnose again'));
    throw new Error(`chat.postMessage failed: ${posted.error}`);
  }
}

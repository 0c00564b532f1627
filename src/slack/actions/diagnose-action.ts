import type { UseCases } from '../command-context.js';
import { parseDiagnoseValue } from '../views/alert-view.js';
import type { SlackMessage } from '../views/block-kit.js';
import { driftView } from '../views/drift-view.js';
import { problemView } from '../views/help-view.js';
import { labelLoopView } from '../views/label-loop-view.js';
import { providerStatusView } from '../views/provider-status-view.js';
import { stuckMachinesView } from '../views/stuck-machines-view.js';
import type { ActionContext } from './action-context.js';

async function diagnose(
  ctx: ActionContext,
  useCases: UseCases,
  command: string,
  cluster?: string,
): Promise<SlackMessage[]> {
  switch (command) {
    case 'stuck-machines': {
      const outcome = await useCases.stuckMachines({ cluster });
      return outcome.ok
        ? stuckMachinesView(outcome.value, ctx.userId)
        : [problemView(outcome.problem.message)];
    }
    case 'provider-status': {
      const outcome = await useCases.providerStatus();
      return [outcome.ok ? providerStatusView(outcome.value) : problemView(outcome.problem.message)];
    }
    case 'reboot-loop': {
      const outcome = await useCases.labelLoop({ cluster });
      return outcome.ok
        ? outcome.value.map((r) => labelLoopView(r, ctx.userId))
        : [problemView(outcome.problem.message)];
    }
    default: {
      const outcome = await useCases.drift({ cluster });
      return [outcome.ok ? driftView(outcome.value, ctx.userId) : problemView(outcome.problem.message)];
    }
  }
}

// An alert's Diagnose button: the matching read-only report, in the alert's thread.
export async function diagnoseAction(ctx: ActionContext, useCases: UseCases): Promise<void> {
  const parsed = parseDiagnoseValue(ctx.value);
  if (!parsed)
    return ctx.tell(
      problemView('This button is not one the bot made (its value is malformed); nothing was done.'),
    );
  for (const message of await diagnose(ctx, useCases, parsed.command, parsed.cluster))
    await ctx.replyInThread(message);
}

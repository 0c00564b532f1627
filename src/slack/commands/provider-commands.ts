import type { CommandContext, CommandOutcome, UseCases } from '../command-context.js';
import { problemView } from '../views/help-view.js';
import { providerStatusView } from '../views/provider-status-view.js';
import { postAll } from './post-all.js';

export async function providerStatusCommand(
  ctx: CommandContext,
  useCases: UseCases,
): Promise<CommandOutcome> {
  const outcome = await useCases.providerStatus();
  if (!outcome.ok) {
    await ctx.respond(problemView(outcome.problem));
    return 'failed';
  }
  return postAll(ctx, [providerStatusView(outcome.value)]);
}

export async function providerProcedureCommand(
  ctx: CommandContext,
  useCases: UseCases,
  procedure: 'restart-provider' | 'rotate-provider-key',
  params: unknown,
  reason: string,
): Promise<CommandOutcome> {
  const outcome = await useCases.requestProcedure({
    actor: await ctx.actor(),
    channel: ctx.channelId,
    procedure,
    params,
    reason,
  });
  if (!outcome.ok) {
    await ctx.respond(problemView(outcome.problem));
    return outcome.problem.kind === 'denied' ? 'denied' : 'failed';
  }
  return 'ok';
}

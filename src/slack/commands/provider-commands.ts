import type { CommandContext, CommandOutcome, UseCases } from '../command-context.js';
import { CHANNEL_ACCESS_ERRORS, notInChannelView } from '../not-in-channel.js';
import { problemView } from '../views/help-view.js';
import { providerStatusView } from '../views/provider-status-view.js';

export async function providerStatusCommand(
  ctx: CommandContext,
  useCases: UseCases,
): Promise<CommandOutcome> {
  const outcome = await useCases.providerStatus();
  if (!outcome.ok) {
    await ctx.respond(problemView(outcome.problem.message));
    return 'failed';
  }
  const posted = await ctx.messenger.post(ctx.channelId, providerStatusView(outcome.value));
  if (!posted.ok) {
    if (!CHANNEL_ACCESS_ERRORS.has(posted.error)) throw new Error(`chat.postMessage failed: ${posted.error}`);
    await ctx.respond(notInChannelView());
    return 'failed';
  }
  return 'ok';
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
    await ctx.respond(problemView(outcome.problem.message));
    return outcome.problem.kind === 'denied' ? 'denied' : 'failed';
  }
  return 'ok';
}

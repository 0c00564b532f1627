import type { CommandContext, CommandOutcome, UseCases } from '../command-context.js';
import { CHANNEL_ACCESS_ERRORS, notInChannelView } from '../not-in-channel.js';
import { problemView } from '../views/help-view.js';
import { stuckMachinesView } from '../views/stuck-machines-view.js';

export async function stuckMachinesCommand(
  ctx: CommandContext,
  useCases: UseCases,
  cluster: string | undefined,
): Promise<CommandOutcome> {
  const outcome = await useCases.stuckMachines({ cluster });
  if (!outcome.ok) {
    ctx.logger.warn({ kind: outcome.problem.kind }, 'stuck-machines report failed');
    await ctx.respond(problemView(outcome.problem));
    return 'failed';
  }
  const [first, ...pages] = stuckMachinesView(outcome.value, ctx.userId);
  if (!first) return 'ok';
  const posted = await ctx.messenger.post(ctx.channelId, first);
  if (!posted.ok) {
    if (CHANNEL_ACCESS_ERRORS.has(posted.error)) {
      await ctx.respond(notInChannelView());
      return 'failed';
    }
    throw new Error(`chat.postMessage failed: ${posted.error}`);
  }
  for (const page of pages) {
    const reply = await ctx.messenger.post(ctx.channelId, page, posted.ts);
    if (!reply.ok) throw new Error(`chat.postMessage (page) failed: ${reply.error}`);
  }
  ctx.logger.info(
    { stuck: outcome.value.stuck.length, machines: outcome.value.machineCount },
    'stuck-machines report posted',
  );
  return 'ok';
}

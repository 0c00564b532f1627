import type { CommandContext, CommandOutcome } from '../command-context.js';
import { CHANNEL_ACCESS_ERRORS, notInChannelView } from '../not-in-channel.js';
import type { SlackMessage } from '../views/block-kit.js';

// Posts a report in the command's channel; a channel the bot is not in gets the invite hint instead.
export async function postAll(ctx: CommandContext, messages: SlackMessage[]): Promise<CommandOutcome> {
  for (const message of messages) {
    const posted = await ctx.messenger.post(ctx.channelId, message);
    if (posted.ok) continue;
    if (!CHANNEL_ACCESS_ERRORS.has(posted.error)) throw new Error(`chat.postMessage failed: ${posted.error}`);
    await ctx.respond(notInChannelView());
    return 'failed';
  }
  return 'ok';
}

import type { App } from '@slack/bolt';
import { COMMAND } from './action-ids.js';
import type { CommandContext } from './command-context.js';
import { omniCommand } from './commands/omni-command.js';
import type { SlackAppOptions } from './create-slack-app.js';
import { rateLimitedText } from './rate-limit.js';
import { createMessenger } from './slack-messenger.js';
import { problemView } from './views/help-view.js';

export function registerCommand(app: App, options: SlackAppOptions): void {
  app.command(COMMAND, async ({ ack, command, respond, client }) => {
    // Ack first: Slack gives three seconds, and Omni can take longer than that.
    await ack();
    const allowed = options.rateLimiter?.take(command.user_id) ?? { ok: true };
    if (!allowed.ok && options.rateLimit) {
      options.logger.warn({ userId: command.user_id }, 'command refused: rate limit');
      options.onCommand?.(command.text.trim().split(/\s+/)[0] || 'help', 'denied');
      await respond({
        response_type: 'ephemeral',
        text: rateLimitedText(options.rateLimit, allowed.retryAfterMs),
      });
      return;
    }
    // Let the ack leave before any omnictl process is started (spawning blocks the event loop).
    await new Promise((resolve) => setImmediate(resolve));
    const logger = options.logger.child({
      command: command.text.split(/\s+/)[0] || 'help',
      userId: command.user_id,
      channelId: command.channel_id,
    });
    const ctx: CommandContext = {
      userId: command.user_id,
      channelId: command.channel_id,
      respond: async (message) => {
        await respond({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
      },
      messenger: createMessenger(client),
      logger,
      openModal: async (view) => {
        await client.views.open({ trigger_id: command.trigger_id, view: view as never });
      },
      actor: async () => ({
        userId: command.user_id,
        groups: await options.groups.groupsOf(command.user_id),
      }),
    };
    const subcommand = command.text.trim().split(/\s+/)[0] || 'help';
    try {
      const outcome = await omniCommand(ctx, options.useCases, command.text);
      options.onCommand?.(subcommand, outcome);
    } catch (error) {
      options.onCommand?.(subcommand, 'failed');
      const ref = options.newRef();
      logger.error({ err: error, ref }, 'command failed');
      await ctx.respond(problemView('Something went wrong while running this command.', ref)).catch(() => {});
    }
  });
}

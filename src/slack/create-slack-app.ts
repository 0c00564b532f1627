import type { Server } from 'node:http';
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Readiness } from '../health/readiness.js';
import type { Route } from '../http/route.js';
import { portOf, serveRoutes } from '../http/serve-routes.js';
import { ACTION, COMMAND } from './action-ids.js';
import type { ActionContext } from './actions/action-context.js';
import {
  approveAction,
  cancelRunAction,
  rejectAction,
  requestRemovalAction,
  requestRemovalAllAction,
} from './actions/approval-actions.js';
import { boltLogger } from './bolt-logger.js';
import type { CommandContext, UseCases } from './command-context.js';
import { omniCommand } from './commands/omni-command.js';
import type { GroupDirectory } from './group-directory.js';
import { createMessenger } from './slack-messenger.js';
import { problemView } from './views/help-view.js';

export type SlackAppOptions = {
  slack: Config['slack'];
  port: number;
  host?: string;
  logger: Logger;
  useCases: UseCases;
  routes: Route[];
  readiness: Readiness;
  identity: { botId: string; botUserId: string };
  newRef: () => string;
  groups: GroupDirectory;
  // Tests shorten Slack's retries and timeouts; production keeps the SDK defaults.
  clientOptions?: WebClientOptions;
  socketPingTimeoutMs?: number;
  unhandledRequestTimeoutMs?: number;
};

export type SlackApp = { app: App; port: number; stop(): Promise<void> };

function createReceiver(options: SlackAppOptions): Receiver {
  const logger = boltLogger(options.logger);
  if (options.slack.mode === 'socket') {
    return new SocketModeReceiver({
      appToken: options.slack.appToken ?? '',
      logger,
      clientPingTimeout: options.socketPingTimeoutMs,
      installerOptions: { clientOptions: { slackApiUrl: options.slack.apiUrl, ...options.clientOptions } },
    });
  }
  return new HTTPReceiver({
    signingSecret: options.slack.signingSecret ?? '',
    endpoints: '/slack/events',
    customRoutes: options.routes,
    logger,
    unhandledRequestTimeoutMillis: options.unhandledRequestTimeoutMs,
  });
}

function register(app: App, options: SlackAppOptions): void {
  app.command(COMMAND, async ({ ack, command, respond, client }) => {
    // Ack first: Slack gives three seconds, and Omni can take longer than that.
    await ack();
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
      actor: async () => ({
        userId: command.user_id,
        groups: await options.groups.groupsOf(command.user_id),
      }),
    };
    try {
      await omniCommand(ctx, options.useCases, command.text);
    } catch (error) {
      const ref = options.newRef();
      logger.error({ err: error, ref }, 'command failed');
      await ctx.respond(problemView('Something went wrong while running this command.', ref)).catch(() => {});
    }
  });
  const actions: [string, (ctx: ActionContext, useCases: UseCases) => Promise<void>][] = [
    [ACTION.requestRemoval, requestRemovalAction],
    [ACTION.requestRemovalAll, requestRemovalAllAction],
    [ACTION.approve, approveAction],
    [ACTION.reject, rejectAction],
    [ACTION.cancelRun, cancelRunAction],
  ];
  for (const [actionId, handler] of actions) {
    app.action(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      if (body.type !== 'block_actions' || action.type !== 'button') return;
      const userId = body.user.id;
      const logger = options.logger.child({ action: actionId, userId });
      const ctx: ActionContext = {
        userId,
        channelId: body.channel?.id ?? '',
        value: action.value ?? '',
        logger,
        actor: async () => ({ userId, groups: await options.groups.groupsOf(userId) }),
        tell: async (message) => {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: message.text,
            blocks: message.blocks,
          });
        },
      };
      try {
        await handler(ctx, options.useCases);
      } catch (error) {
        const ref = options.newRef();
        logger.error({ err: error, ref }, 'action failed');
        await ctx.tell(problemView('Something went wrong while handling this button.', ref)).catch(() => {});
      }
    });
  }
  app.error(async (error) => {
    options.logger.error({ err: error }, 'unhandled Slack listener error');
  });
}

function watchSocket(receiver: Receiver, readiness: Readiness): void {
  if (!(receiver instanceof SocketModeReceiver)) return;
  receiver.client.on('connected', () => readiness.set('slack', true));
  receiver.client.on('disconnected', () => readiness.set('slack', false, 'Socket Mode disconnected'));
  receiver.client.on('reconnecting', () => readiness.set('slack', false, 'Socket Mode reconnecting'));
}

export async function startSlackApp(options: SlackAppOptions): Promise<SlackApp> {
  const receiver = createReceiver(options);
  const app = new App({
    token: options.slack.botToken,
    receiver,
    botId: options.identity.botId,
    botUserId: options.identity.botUserId,
    logger: boltLogger(options.logger),
    clientOptions: { slackApiUrl: options.slack.apiUrl, ...options.clientOptions },
  });
  register(app, options);
  watchSocket(receiver, options.readiness);
  if (options.slack.mode === 'socket') {
    const server = await serveRoutes(options.routes, options.port, options.host);
    await app.start();
    return {
      app,
      port: portOf(server),
      stop: async () => {
        await app.stop();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }
  const server = (await app.start({ port: options.port, host: options.host })) as Server;
  options.readiness.set('slack', true);
  return { app, port: portOf(server), stop: () => app.stop() as Promise<void> };
}

import type { Server } from 'node:http';
import type { App, Receiver } from '@slack/bolt';
import * as AppModule from '@slack/bolt/dist/App.js';
import * as HTTPReceiverModule from '@slack/bolt/dist/receivers/HTTPReceiver.js';
import * as SocketModeReceiverModule from '@slack/bolt/dist/receivers/SocketModeReceiver.js';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Readiness } from '../health/readiness.js';
import type { Route } from '../http/route.js';
import { portOf, serveRoutes } from '../http/serve-routes.js';
import { boltLogger } from './bolt-logger.js';
import type { CommandOutcome, UseCases } from './command-context.js';
import { commonJsDefault } from './common-js-default.js';
import type { GroupDirectory } from './group-directory.js';
import type { RateLimit, RateLimiter } from './rate-limit.js';
import { refuseOtherTeams } from './refuse-other-teams.js';
import { registerActions } from './register-actions.js';
import { registerCommand } from './register-command.js';
import { registerRecoverView } from './register-recover-view.js';
import { registerViews } from './register-views.js';

export type SlackAppOptions = {
  slack: Config['slack'];
  port: number;
  host?: string;
  logger: Logger;
  useCases: UseCases;
  routes: Route[];
  readiness: Readiness;
  identity: { botId: string; botUserId: string };
  // Per-person limit on /omni commands (none when absent).
  rateLimit?: RateLimit;
  rateLimiter?: RateLimiter;
  // Workspaces whose requests are served (the installing one and ALLOWED_TEAMS).
  allowedTeams: ReadonlySet<string>;
  newRef: () => string;
  groups: GroupDirectory;
  // Told how each command ended, for metrics.
  onCommand?: (subcommand: string, outcome: CommandOutcome) => void;
  // Values a user pasted (keys) that logs must never show; the function returned forgets the value
  // again (an approval refused: the key is used for nothing and is not kept).
  registerSecret: (value: string) => () => void;
  // Tests shorten Slack's retries and timeouts; production keeps the SDK defaults.
  clientOptions?: WebClientOptions;
  socketPingTimeoutMs?: number;
  unhandledRequestTimeoutMs?: number;
};

export type SlackApp = { app: App; port: number; stop(): Promise<void> };

// Bolt's own modules, not its index: the index also loads the Express, AWS Lambda and OAuth-install
// parts (~5 MB, and ~100 ms to load) for code the bot never runs.
const BoltApp = commonJsDefault(AppModule);
const HTTPReceiver = commonJsDefault(HTTPReceiverModule);
const SocketModeReceiver = commonJsDefault(SocketModeReceiverModule);

function createReceiver(options: SlackAppOptions): Receiver {
  if (options.slack.mode === 'socket') {
    return new SocketModeReceiver({
      appToken: options.slack.appToken ?? '',
      // Never at debug: the Socket Mode client logs every raw envelope there, pasted keys included.
      logger: boltLogger(options.logger, { noDebug: true }),
      clientPingTimeout: options.socketPingTimeoutMs,
      installerOptions: { clientOptions: { slackApiUrl: options.slack.apiUrl, ...options.clientOptions } },
    });
  }
  return new HTTPReceiver({
    signingSecret: options.slack.signingSecret ?? '',
    endpoints: '/slack/events',
    customRoutes: options.routes,
    logger: boltLogger(options.logger),
    unhandledRequestTimeoutMillis: options.unhandledRequestTimeoutMs,
  });
}

function register(app: App, options: SlackAppOptions): void {
  app.use(refuseOtherTeams(options.allowedTeams, options.logger));
  registerCommand(app, options);
  registerActions(app, options);
  registerViews(app, options);
  registerRecoverView(app, options);
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
  const app = new BoltApp({
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

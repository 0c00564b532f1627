import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { DestinationStream } from 'pino';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { type Config, loadConfig, secretValues } from './config.js';
import { createReadiness } from './health/readiness.js';
import { healthRoutes } from './http/health-routes.js';
import { createLogger, type Logger, scrubSecrets } from './logger.js';
import { createOmnictl } from './omni/run-omnictl.js';
import { createReportStuckMachines } from './recovery/report-stuck-machines.js';
import { boltLogger } from './slack/bolt-logger.js';
import { startSlackApp } from './slack/create-slack-app.js';

// What tests (and the demo) may replace; production uses the defaults.
export type BotOverrides = {
  clock?: () => Date;
  logDestination?: DestinationStream;
  host?: string;
  slackClientOptions?: WebClientOptions;
  socketPingTimeoutMs?: number;
  unhandledRequestTimeoutMs?: number;
  omniProbeIntervalMs?: number;
};

export type RunningBot = { port: number; logger: Logger; stop(): Promise<void> };

const OMNI_DOWN = new Set(['missing', 'key-expired', 'key-rejected', 'unreachable', 'version-mismatch', 'permission-denied']);

export async function startBot(config: Config, overrides: BotOverrides = {}): Promise<RunningBot> {
  const clock = overrides.clock ?? (() => new Date());
  const logger = createLogger({ level: config.logLevel, secrets: secretValues(config), destination: overrides.logDestination });
  const readiness = createReadiness(['slack', 'omni'], clock);
  const newRef = () => randomBytes(4).toString('hex');

  // Verify the bot token before anything listens: a bad token must stop start-up with a clear reason.
  const web = new WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    logger: boltLogger(logger),
    ...overrides.slackClientOptions,
  });
  const auth = await web.auth.test();
  const identity = { botId: String(auth.bot_id ?? ''), botUserId: String(auth.user_id ?? '') };

  const omnictl = createOmnictl({
    ...config.omni,
    timeoutMs: 60_000,
    logger: logger.child({ component: 'omnictl' }),
    onCall: ({ outcome }) => {
      if (outcome === 'ok') readiness.set('omni', true);
      else if (OMNI_DOWN.has(outcome)) readiness.set('omni', false, `omnictl failing: ${outcome}`);
    },
  });

  const slackApp = await startSlackApp({
    slack: config.slack,
    port: config.port,
    host: overrides.host,
    logger,
    useCases: {
      stuckMachines: createReportStuckMachines({ omnictl, clock, stuckAfterMs: config.stuckAfterMs }),
    },
    routes: healthRoutes(readiness),
    readiness,
    identity,
    newRef,
    clientOptions: overrides.slackClientOptions,
    socketPingTimeoutMs: overrides.socketPingTimeoutMs,
    unhandledRequestTimeoutMs: overrides.unhandledRequestTimeoutMs,
  });

  // A cheap read proves omnictl answers; failures of real calls update readiness as well.
  const probe = () =>
    omnictl.run(['get', 'clusterstatuses', '-o', 'json']).catch((error: unknown) => {
      readiness.set('omni', false, error instanceof Error ? error.message : 'omnictl failed');
    });
  await probe();
  const probeTimer = setInterval(probe, overrides.omniProbeIntervalMs ?? 30_000);
  probeTimer.unref();

  logger.info({ mode: config.slack.mode, port: slackApp.port, dryRun: config.dryRun }, 'omni-chatops started');
  return {
    port: slackApp.port,
    logger,
    async stop() {
      clearInterval(probeTimer);
      await slackApp.stop();
      logger.info('omni-chatops stopped');
    },
  };
}

async function main(): Promise<void> {
  const result = loadConfig(process.env);
  if (!result.ok) {
    process.stderr.write(`omni-chatops: invalid configuration:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(2);
  }
  let bot: RunningBot;
  try {
    bot = await startBot(result.config);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`omni-chatops: could not start: ${scrubSecrets(reason, secretValues(result.config))}\n`);
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    bot.logger.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) void main();

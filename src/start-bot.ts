// The composition root: the one place that builds concrete parts and wires them together. Over 300
// lines because every part the bot has is built here, in start-up order, and nowhere else; the
// parts themselves (and their own wiring, e.g. createBotOmnictl, createSlackNotifier) live in src/.
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { WebClient } from '@slack/web-api';
import type { BotOverrides } from './bot-overrides.js';
import { type Config, secretValues } from './config.js';
import { createReadiness } from './health/readiness.js';
import { livenessRoute, readinessRoute } from './http/health-routes.js';
import { portOf, serveRoutes } from './http/serve-routes.js';
import { timelineRoute } from './http/timeline-route.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics/create-metrics.js';
import { instrumentSlackFetch } from './metrics/instrument-slack-fetch.js';
import { metricsRoute } from './metrics/metrics-route.js';
import { createOutboxDelivery } from './notify/create-outbox-delivery.js';
import { createBotOmnictl } from './omni/create-bot-omnictl.js';
import { proxmoxClientFrom } from './proxmox/proxmox-client-from-config.js';
import type { ApprovalDeps } from './recovery/approval-deps.js';
import { createProcedures } from './recovery/create-procedures.js';
import { createUseCases } from './recovery/create-use-cases.js';
import { freezeChanges } from './recovery/freeze/change-freeze.js';
import { readFreeze } from './recovery/freeze/freeze-state.js';
import { recoverInterrupted } from './recovery/recover-interrupted.js';
import { releaseStaleLocks } from './recovery/release-stale-locks.js';
import { sweepExpired } from './recovery/sweep-expired.js';
import { sweepSnapshots } from './recovery/sweep-snapshots.js';
import { startTakeoverTimer, takeOverStaleRuns } from './recovery/take-over-runs.js';
import { readTimeline } from './recovery/timeline/read-timeline.js';
import type { Sleep } from './runner/run-plan.js';
import { createSshConnector } from './runner/ssh/index.js';
import { boltLogger } from './slack/bolt-logger.js';
import { checkSlackTokens } from './slack/check-slack-tokens.js';
import { COMMANDS } from './slack/command-catalogue.js';
import { startSlackApp } from './slack/create-slack-app.js';
import { createGroupDirectory } from './slack/group-directory.js';
import type { OmniCommand } from './slack/parse-command.js';
import { createRateLimiter } from './slack/rate-limit.js';
import { sendMessage } from './slack/send-message.js';
import { createSlackFreezeNotices } from './slack/slack-freeze-notices.js';
import { createMessenger } from './slack/slack-messenger.js';
import { createSlackNotifier } from './slack/slack-notifier.js';
import type { SlackMessage } from './slack/views/block-kit.js';
import { stopBot } from './stop-bot.js';
import { createDatabaseClock } from './store/database-clock.js';
import { openStore } from './store/open-store.js';
import { CONDITION_KINDS } from './watch/alert-condition.js';
import { createWatcher, describeLeadership, type Leadership } from './watch/create-watcher.js';

// Waits that end early (without throwing) when a run is cancelled.
const realSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined);

export type RunningBot = {
  port: number;
  /** Where /metrics and /readyz listen when METRICS_ADDR is set. */
  metricsPort?: number;
  logger: Logger;
  sweep(): Promise<unknown>;
  watch(): Promise<unknown>;
  stop(): Promise<void>;
};

export async function startBot(config: Config, overrides: BotOverrides = {}): Promise<RunningBot> {
  // On PostgreSQL the database server's time once measured (align, below); an injected clock is
  // measured against the server too, but kept as it is.
  const databaseClock = createDatabaseClock(overrides.clock);
  const clock = overrides.clock ?? (() => databaseClock.now());
  // Grows when an approver pastes a key, so no later log line can show it.
  const secrets = secretValues(config);
  const logger = createLogger({
    level: config.logLevel,
    secrets,
    destination: overrides.logDestination,
    replica: config.replicaId,
  });
  const readiness = createReadiness(['slack', 'omni'], clock);
  const metrics = createMetrics();
  // Every Slack call goes through this fetch, so errors and 429s are counted wherever they happen.
  const slackClientOptions = { fetch: instrumentSlackFetch(metrics), ...overrides.slackClientOptions };
  const newRef = () => randomBytes(4).toString('hex');

  // Verify the bot token before anything listens: a bad token must stop start-up with a clear reason.
  const web = new WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    logger: boltLogger(logger),
    ...slackClientOptions,
  });
  // The database first: it is cheap to reach, and a bot that cannot keep its state must not connect to Slack.
  const store = await openStore(config);
  // Bounded: about 45 s at most against an unreachable Slack, then one line naming what to check.
  const identity = await checkSlackTokens({
    slack: config.slack,
    clientOptions: { ...slackClientOptions, logger: boltLogger(logger) },
    logger,
    delaysMs: overrides.startRetryDelaysMs,
    sleep: overrides.startSleep,
    requestTimeoutMs: overrides.startRequestTimeoutMs,
  }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  if (store.engine === 'postgres') await databaseClock.align(store, logger);

  const { omnictl, calls: omnictlCalls } = createBotOmnictl({
    omni: config.omni,
    logger,
    onCall: (event) => metrics.recordOmnictlCall(event),
    onOmniHealth: (ok, detail) => readiness.set('omni', ok, detail),
  });

  metrics.countKeptMessagesWith(() => store.outbox.count());
  const messenger = createMessenger(web);
  const groupIds = [...config.access.operators, ...config.access.approvers].filter((id) =>
    id.startsWith('S'),
  );
  const groups = createGroupDirectory({ client: web, groupIds, ttlMs: 60_000, clock, logger });
  const proxmox = proxmoxClientFrom(config.proxmox);
  const draining = new AbortController();
  // What Slack refused and must not be lost is kept (the outbox policy) and sent again: the kept
  // messages of before the last stop now, then with every sweep until Slack takes them.
  const keptMessages = createOutboxDelivery({
    outbox: store.outbox,
    send: (target, message) => sendMessage(messenger, target, message as SlackMessage),
    clock,
    logger,
    // Issue #16: each kept message is claimed by the replica sending it.
    replica: config.replicaId,
  });
  // One notifier for the use cases and the watcher.
  const notifier = createSlackNotifier({
    messenger,
    incidentChannel: config.incidentChannel,
    clock,
    logger,
    outbox: keptMessages,
    frozen: async () => readFreeze({ store, clock, logger }),
  });
  const approvalDeps: ApprovalDeps = {
    store,
    access: config.access,
    clock,
    approvalTtlMs: config.approvalTtlMs,
    dryRun: config.dryRun,
    notifier,
    procedures: createProcedures({
      omnictl,
      clock,
      config,
      store,
      proxmox,
      timeouts: overrides.stepTimeouts,
    }),
    runner: {
      omnictl,
      clock,
      sleep: overrides.sleep ?? realSleep,
      logger,
      remote: config.provider.ssh?.keyFile
        ? createSshConnector({
            target: { ...config.provider.ssh, keyFile: config.provider.ssh.keyFile },
            connectTimeoutMs: config.provider.ssh.connectTimeoutMs,
            ...(overrides.sshOperationTimeoutMs === undefined
              ? {}
              : { operationTimeoutMs: overrides.sshOperationTimeoutMs }),
            logger: logger.child({ component: 'ssh', host: config.provider.ssh.host }),
          })
        : undefined,
    },
    logger,
    active: new Map(),
    drain: draining.signal,
    inFlight: new Set(),
    replicaId: config.replicaId,
    takeoverAfterMs: config.runTakeoverAfterMs,
    schedule: overrides.leaseSchedule,
    observe: { decision: (e) => metrics.recordApproval(e), run: (e) => metrics.recordRun(e) },
  };
  const freezeNotices = createSlackFreezeNotices({
    messenger,
    incidentChannel: config.incidentChannel,
    clock,
    logger,
  });
  // FREEZE_ON_START: a freeze already in force keeps its author and reason.
  if (config.freezeOnStart && !(await readFreeze({ store, clock, logger }))) {
    await freezeChanges(
      { store, access: config.access, clock, notices: freezeNotices },
      'bot',
      'FREEZE_ON_START=true: the bot was started frozen',
    );
    logger.warn('started frozen (FREEZE_ON_START=true): nothing can be approved until /omni unfreeze');
  }
  const interrupted = await recoverInterrupted(approvalDeps);
  if (interrupted > 0) logger.warn({ interrupted }, 'runs interrupted by the last stop were reported');
  // After that pass no run is running: a lock still held belongs to a run that never started.
  // Runs of other replicas that stopped heartbeating (issue #16): now, then on the lease timer.
  await takeOverStaleRuns(approvalDeps);
  const released = await releaseStaleLocks(approvalDeps);
  if (released > 0) logger.warn({ released }, 'locks of runs that were not running were released');
  const takeover = startTakeoverTimer(approvalDeps);
  const deliverKept = () =>
    keptMessages.deliver().catch((error: unknown) => logger.warn({ err: error }, 'kept messages not sent'));
  void deliverKept();

  if (!identity.teamId)
    logger.warn(
      'Slack auth.test named no workspace (team_id): only the workspaces in ALLOWED_TEAMS are served',
    );
  const userRateLimit = overrides.userRateLimit ?? { limit: 20, windowMs: 60_000 };
  // What this replica's watcher does (issue #16: one replica polls); /readyz and /metrics say it.
  let leadership: Leadership = { role: 'off' };
  metrics.setWatcherLeader(config.replicaId, false);
  const onLeadership = (next: Leadership) => {
    leadership = next;
    metrics.setWatcherLeader(config.replicaId, next.role === 'leading');
    // Only the leader reports open alerts, so a sum over the replicas counts each once.
    if (next.role !== 'leading') for (const kind of CONDITION_KINDS) metrics.setOpenAlerts(kind, 0);
  };
  // The freeze is named (who, since) but not its reason: /readyz needs no token.
  const freezeDetail = async () => {
    const freeze = await readFreeze({ store, clock, logger });
    return {
      watcher: describeLeadership(leadership),
      freeze: freeze
        ? {
            frozen: true,
            by: freeze.by,
            since: freeze.since,
            ...(freeze.unreadable ? { unreadable: true } : {}),
          }
        : { frozen: false },
    };
  };
  const internalRoutes = [readinessRoute(readiness, freezeDetail), metricsRoute(metrics)];
  const metricsServer = config.metricsAddr
    ? await serveRoutes(internalRoutes, config.metricsAddr.port, config.metricsAddr.host)
    : undefined;
  const slackApp = await startSlackApp({
    slack: config.slack,
    port: config.port,
    host: overrides.host,
    logger,
    useCases: createUseCases({
      ...approvalDeps,
      templatesDir: config.templatesDir,
      omnictl,
      stuckAfterMs: config.stuckAfterMs,
      provider: config.provider,
      proxmox,
      freezeNotices,
      secrets: () => secrets,
    }),
    registerSecret: (value) => {
      if (secrets.includes(value)) return () => {};
      secrets.push(value);
      return () => {
        const at = secrets.indexOf(value);
        if (at >= 0) secrets.splice(at, 1);
      };
    },
    // With METRICS_ADDR, the Slack port (public in HTTP mode) serves only /healthz; readiness and
    // metrics (dependency errors, command counts) listen apart, unauthenticated as Prometheus wants.
    routes: [
      ...(config.metricsAddr ? [livenessRoute] : [livenessRoute, ...internalRoutes]),
      // GET /timeline/<id>.md (issue #18): only with TIMELINE_TOKEN set.
      ...(config.timelineToken
        ? [
            timelineRoute({
              token: config.timelineToken,
              read: async (subject) => readTimeline({ store, clock, secrets: () => secrets }, subject),
            }),
          ]
        : []),
    ],
    onCommand: (subcommand, outcome) =>
      metrics.recordCommand(
        COMMANDS.some((c) => c.name === subcommand) ? (subcommand as OmniCommand['name']) : 'unknown',
        outcome,
      ),
    readiness,
    identity,
    rateLimit: userRateLimit,
    rateLimiter: createRateLimiter(userRateLimit, () => clock().getTime()),
    allowedTeams: new Set([identity.teamId, ...config.allowedTeams].filter(Boolean)),
    newRef,
    groups,
    clientOptions: slackClientOptions,
    socketPingTimeoutMs: overrides.socketPingTimeoutMs,
    unhandledRequestTimeoutMs: overrides.unhandledRequestTimeoutMs,
  });

  const watcher = config.incidentChannel
    ? createWatcher({
        omnictl,
        alerts: store.alerts,
        notifier,
        channel: config.incidentChannel,
        providerId: config.provider.id,
        proxmox,
        intervalMs: config.watchIntervalMs,
        stuckAfterMs: config.stuckAfterMs,
        clock,
        logger: logger.child({ component: 'watcher' }),
        onOmniHealth: (ok, detail) => readiness.set('omni', ok, detail),
        onOpenAlerts: (counts) => {
          for (const [kind, count] of Object.entries(counts)) metrics.setOpenAlerts(kind, count);
        },
        schedule: overrides.watchSchedule,
        // Issue #16: of several replicas on one database, only the lease holder polls Omni.
        lease: { leases: store.leases, holder: config.replicaId },
        onLeadership,
      })
    : undefined;
  if (!watcher) logger.warn('INCIDENT_CHANNEL is not set: the watcher is off');
  watcher?.start();

  const sweepOldSnapshots = () =>
    sweepSnapshots({ store, clock, logger, snapshotsDir: config.snapshotsDir }).catch((error: unknown) =>
      logger.warn({ err: error }, 'template snapshot sweep failed'),
    );
  const sweep = () =>
    Promise.all([
      sweepExpired(approvalDeps).catch((error: unknown) =>
        logger.warn({ err: error }, 'expiry sweep failed'),
      ),
      deliverKept(),
      sweepOldSnapshots(),
    ]);
  const sweepTimer = setInterval(sweep, overrides.sweepIntervalMs ?? 30_000);
  sweepTimer.unref();

  // A cheap read proves omnictl answers; failures of real calls update readiness as well.
  // Kept so stop() can wait for a probe still running instead of leaving omnictl behind.
  let probing: Promise<unknown> = Promise.resolve();
  const probe = () => {
    probing = omnictl.run(['get', 'clusterstatuses', '-o', 'json']).catch((error: unknown) => {
      readiness.set('omni', false, error instanceof Error ? error.message : 'omnictl failed');
    });
    return probing;
  };
  await probe();
  const probeTimer = setInterval(probe, overrides.omniProbeIntervalMs ?? 30_000);
  probeTimer.unref();

  logger.info(
    { mode: config.slack.mode, port: slackApp.port, dryRun: config.dryRun },
    'omni-chatops started',
  );
  return {
    port: slackApp.port,
    ...(metricsServer ? { metricsPort: portOf(metricsServer) } : {}),
    logger,
    sweep,
    watch: async () => watcher?.runOnce(),
    stop: () => {
      databaseClock.stop();
      return stopBot({
        timers: [probeTimer, sweepTimer],
        slackApp: {
          stop: async () => {
            await slackApp.stop();
            if (metricsServer) await new Promise((resolve) => metricsServer.close(resolve));
          },
        },
        draining,
        omnictlCalls,
        watcher,
        takeover,
        probing: () => probing,
        runs: approvalDeps,
        shutdownGraceMs: overrides.shutdownGraceMs ?? 30_000,
        keptMessages,
        store,
        logger,
      });
    },
  };
}

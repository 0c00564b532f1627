import type { WebClientOptions } from '@slack/web-api';
import type { DestinationStream } from 'pino';
import type { Sleep } from './runner/run-plan.js';
import type { Schedule } from './watch/create-watcher.js';

// What tests (and the demo) may replace; production uses the defaults.
export type BotOverrides = {
  clock?: () => Date;
  logDestination?: DestinationStream;
  host?: string;
  slackClientOptions?: WebClientOptions;
  socketPingTimeoutMs?: number;
  unhandledRequestTimeoutMs?: number;
  omniProbeIntervalMs?: number;
  sleep?: Sleep;
  stepTimeouts?: { commandMs?: number; waitMs?: number; pollMs?: number };
  sweepIntervalMs?: number;
  shutdownGraceMs?: number;
  // Tests drive the watcher with runOnce(); production polls every WATCH_INTERVAL.
  watchSchedule?: Schedule;
  // Run heartbeats and the takeover check (issue #16); production: every max(1 s, RUN_TAKEOVER_AFTER / 6).
  leaseSchedule?: Schedule;
  // Start-up's Slack token checks: waits between attempts, how to wait, and each request's timeout.
  startRetryDelaysMs?: readonly number[];
  startSleep?: (ms: number) => Promise<void>;
  startRequestTimeoutMs?: number;
  // Per-person limit on /omni commands (default 20 a minute; by the bot's clock).
  userRateLimit?: { limit: number; windowMs: number };
  // How long one SSH operation (an SFTP request, opening a channel) may wait (default 30 s).
  sshOperationTimeoutMs?: number;
};

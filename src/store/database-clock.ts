import type { Logger } from 'pino';
import type { Store } from './create-store.js';

/** Beyond this, a replica says that its clock and the database server's disagree. */
const CLOCK_SKEW_WARN_MS = 5_000;

/** How often a replica on PostgreSQL measures again how far its clock is from the server's. */
const REALIGN_EVERY_MS = 10 * 60_000;

export type DatabaseClock = {
  /** This host's clock moved by the last measured offset: the database server's time. */
  now(): Date;
  /** Measures the offset now (at start-up, before anything compares times), then every 10 minutes. */
  align(store: Pick<Store, 'databaseTime'>, logger: Logger): Promise<void>;
  stop(): void;
};

// How far the server's clock is ahead of `clock` (negative: behind), in ms, with the round trip's
// midpoint as this replica's moment.
async function measureClockSkew(store: Pick<Store, 'databaseTime'>, clock: () => Date): Promise<number> {
  const sent = clock().getTime();
  const server = (await store.databaseTime()).getTime();
  const received = clock().getTime();
  return Math.round(server - (sent + received) / 2);
}

/**
 * Replicas compare times that different replicas wrote (run heartbeats, the watcher's lease,
 * outbox claims): on PostgreSQL every replica keeps the server's time, so a host whose clock is
 * off cannot take over a live run or a held lease. A skew beyond 5 s is still said, as it is
 * worth fixing (NTP) for everything else on the host.
 */
export function createDatabaseClock(system: () => Date = () => new Date()): DatabaseClock {
  let offsetMs = 0;
  let timer: NodeJS.Timeout | undefined;

  async function measure(store: Pick<Store, 'databaseTime'>, logger: Logger, first: boolean) {
    try {
      const skewMs = await measureClockSkew(store, system);
      offsetMs = skewMs;
      if (Math.abs(skewMs) > CLOCK_SKEW_WARN_MS)
        logger.warn(
          { skewMs },
          first
            ? "this replica's clock differs from the database server's: the bot keeps the server's time for run takeovers, the watcher's lease and kept messages; keep every replica's clock in sync (NTP)"
            : "this replica's clock still differs from the database server's; the bot keeps the server's time",
        );
    } catch (error) {
      logger.warn({ err: error }, "could not read the database server's clock; keeping the last offset");
    }
  }

  return {
    now: () => new Date(system().getTime() + offsetMs),
    async align(store, logger) {
      await measure(store, logger, true);
      timer = setInterval(() => void measure(store, logger, false), REALIGN_EVERY_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}

import type { Logger } from 'pino';
import type { Store } from './create-store.js';

/** Beyond this, a replica says at start-up that its clock and the database server's disagree. */
export const CLOCK_SKEW_WARN_MS = 5_000;

/**
 * How far the database server's clock is ahead of this replica's (negative: behind), in ms, with
 * the round trip's midpoint as this replica's moment. Run leases, the watcher's lease and outbox
 * claims compare times written by different replicas, so their clocks must agree (NTP).
 */
export async function measureClockSkew(
  store: Pick<Store, 'databaseTime'>,
  clock: () => Date,
): Promise<number> {
  const sent = clock().getTime();
  const server = (await store.databaseTime()).getTime();
  const received = clock().getTime();
  return Math.round(server - (sent + received) / 2);
}

// Replicas compare their clocks through the database (run heartbeats, the watcher's lease, outbox
// claims): a clock far off the server's is said at start-up, where it can still be fixed.
export async function warnOnClockSkew(
  store: Pick<Store, 'databaseTime'>,
  clock: () => Date,
  logger: Logger,
): Promise<void> {
  try {
    const skewMs = await measureClockSkew(store, clock);
    if (Math.abs(skewMs) > CLOCK_SKEW_WARN_MS)
      logger.warn(
        { skewMs },
        "this replica's clock differs from the database server's: run takeovers, the watcher's lease and kept messages compare replicas' clocks; keep every replica's clock in sync (NTP)",
      );
  } catch (error) {
    logger.warn({ err: error }, "could not read the database server's clock");
  }
}

import type { Logger } from 'pino';
import type { Store } from '../store/create-store.js';

/** The lease row that names the one replica polling Omni (issue #16). */
export const WATCHER_LEASE = 'watcher';

/** What this replica's watcher is doing: polling, waiting for the leader to go, or not watching. */
export type Leadership = { role: 'leading' } | { role: 'following'; leader?: string } | { role: 'off' };

/** How /readyz says it: `leading`, `following replica-a`, `off`. */
export function describeLeadership(leadership: Leadership): string {
  if (leadership.role !== 'following') return leadership.role;
  return `following ${leadership.leader ?? 'nobody yet'}`;
}

export type WatcherLease = {
  /**
   * Takes or renews the lease until `leaseMs` from now; true while this replica holds it. A
   * database that does not answer counts as not holding it: two pollers would post twice.
   */
  hold(): Promise<boolean>;
  /** Lets go, so another replica takes over at its next try instead of after the lease runs out. */
  release(): Promise<void>;
};

type WatcherLeaseDeps = {
  leases: Store['leases'];
  holder: string;
  leaseMs: number;
  clock: () => Date;
  logger: Logger;
  /** Told each time what this replica does changes (leads, follows whom). */
  onChange: (leadership: Leadership) => void;
};

const sameLeadership = (a: Leadership, b: Leadership) =>
  a.role === b.role && (a.role !== 'following' || b.role !== 'following' || a.leader === b.leader);

export function createWatcherLease(deps: WatcherLeaseDeps): WatcherLease {
  const { leases, holder, logger } = deps;
  let current: Leadership | undefined;

  function become(next: Leadership): void {
    if (current && sameLeadership(current, next)) return;
    const before = current;
    current = next;
    if (next.role === 'leading') logger.info({ holder }, 'this replica leads the watcher: it polls Omni');
    else if (next.role === 'following' && before?.role !== 'following')
      logger.info({ leader: next.leader ?? null }, 'another replica leads the watcher: this one waits');
    deps.onChange(next);
  }

  return {
    async hold() {
      const now = deps.clock();
      try {
        const until = new Date(now.getTime() + deps.leaseMs).toISOString();
        if (await leases.acquire(WATCHER_LEASE, holder, now.toISOString(), until)) {
          become({ role: 'leading' });
          return true;
        }
        become({ role: 'following', leader: (await leases.get(WATCHER_LEASE))?.holder });
      } catch (error) {
        logger.warn({ err: error }, 'watcher lease not readable: this replica does not poll');
        become({ role: 'following' });
      }
      return false;
    },
    async release() {
      try {
        await leases.release(WATCHER_LEASE, holder);
      } catch (error) {
        logger.warn({ err: error }, 'watcher lease not released: another replica takes it when it runs out');
      }
      become({ role: 'off' });
    },
  };
}

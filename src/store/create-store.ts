import { type AlertStore, createAlertStore } from './alert-store.js';
import { createAuditLog } from './audit-log.js';
import { createClusterLocks } from './cluster-locks.js';
import { createDecisionStore } from './decision-store.js';
import { createFreezeStore } from './freeze-store.js';
import { createLatestRun } from './latest-run.js';
import { type Db, openDatabase } from './open-database.js';
import { createOutbox } from './outbox.js';
import { createRequestStore } from './request-store.js';
import { createRunStore } from './run-store.js';
import { createTimelineReads } from './timeline-reads.js';

// INTERIM (branch async-base): the store's async interface over today's synchronous SQLite stores,
// so callers can move to `await` while the Kysely stores (both engines) are written behind it.

/** Every method of a synchronous store, returning a promise of what it returned. */
export type Async<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
};

export type Store = {
  readonly engine: 'sqlite' | 'postgres';
  requests: Async<ReturnType<typeof createRequestStore>>;
  decisions: Async<ReturnType<typeof createDecisionStore>>;
  runs: Async<ReturnType<typeof createRunStore>>;
  audit: Async<ReturnType<typeof createAuditLog>>;
  locks: Async<ReturnType<typeof createClusterLocks>>;
  latestRun: Async<ReturnType<typeof createLatestRun>>;
  alerts: Async<AlertStore>;
  outbox: Async<ReturnType<typeof createOutbox>>;
  freeze: Async<ReturnType<typeof createFreezeStore>>;
  timeline: Async<ReturnType<typeof createTimelineReads>>;
  /**
   * Runs `work` in one transaction against `tx`, the same store bound to it: what `work` writes
   * through `tx` lands together or not at all. Inside a transaction, `tx.transaction(w)` is `w(tx)`.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

function asyncOf<T extends object>(sync: T, gate: () => Promise<() => void>): Async<T> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(sync) as (keyof T & string)[]) {
    const value = sync[key];
    out[key] =
      typeof value === 'function'
        ? async (...args: unknown[]) => {
            const release = await gate();
            try {
              return (value as (...a: unknown[]) => unknown).apply(sync, args);
            } finally {
              release();
            }
          }
        : value;
  }
  return out as Async<T>;
}

function createStoreOn(db: Db): Store {
  const sync = {
    requests: createRequestStore(db),
    decisions: createDecisionStore(db),
    runs: createRunStore(db),
    audit: createAuditLog(db),
    locks: createClusterLocks(db),
    latestRun: createLatestRun(db),
    alerts: createAlertStore(db),
    outbox: createOutbox(db),
    freeze: createFreezeStore(db),
    timeline: createTimelineReads(db),
  };
  // One connection: while a transaction is open, every other call waits for it to end.
  let tail: Promise<void> = Promise.resolve();
  const lock = async (): Promise<() => void> => {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = tail;
    tail = previous.then(() => next);
    await previous;
    return release;
  };
  const free = async () => () => undefined;
  const bind = (gate: () => Promise<() => void>, inTx: boolean): Store => {
    const store: Store = {
      engine: 'sqlite',
      requests: asyncOf(sync.requests, gate),
      decisions: asyncOf(sync.decisions, gate),
      runs: asyncOf(sync.runs, gate),
      audit: asyncOf(sync.audit, gate),
      locks: asyncOf(sync.locks, gate),
      latestRun: asyncOf(sync.latestRun, gate),
      alerts: asyncOf(sync.alerts, gate),
      outbox: asyncOf(sync.outbox, gate),
      freeze: asyncOf(sync.freeze, gate),
      timeline: asyncOf(sync.timeline, gate),
      async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
        if (inTx) return work(store);
        const release = await lock();
        try {
          db.exec('BEGIN IMMEDIATE');
          try {
            const result = await work(bound);
            db.exec('COMMIT');
            return result;
          } catch (error) {
            db.exec('ROLLBACK');
            throw error;
          }
        } finally {
          release();
        }
      },
      async close(): Promise<void> {
        const release = await lock();
        db.close();
        release();
      },
    };
    return store;
  };
  const bound = bind(free, true);
  return bind(lock, false);
}

export async function createStore(file: string): Promise<Store> {
  return createStoreOn(openDatabase(file));
}

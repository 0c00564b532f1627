import { type Kysely, sql } from 'kysely';
import { type AlertStore, createAlertStore } from './alert-store.js';
import { type AuditLog, createAuditLog } from './audit-log.js';
import { type ClusterLocks, createClusterLocks } from './cluster-locks.js';
import { connectDatabase, type DatabaseTarget, type Engine } from './connect-database.js';
import type { Database } from './database-schema.js';
import { createDecisionStore, type DecisionStore } from './decision-store.js';
import { createFreezeStore, type FreezeStore } from './freeze-store.js';
import { createLatestRun, type LatestRun } from './latest-run.js';
import { createLeaseStore, type LeaseStore } from './lease-store.js';
import { migrateDatabase } from './migrate-database.js';
import { createOutbox, type Outbox } from './outbox.js';
import { createRequestStore, type RequestStore } from './request-store.js';
import { createRunStore, type RunStore } from './run-store.js';
import { createTimelineReads, type TimelineReads } from './timeline-reads.js';

export type { AlertFacts, AlertRecord, AlertStore } from './alert-store.js';
export type { AuditLog } from './audit-log.js';
export type { ClusterLocks, LockHolder } from './cluster-locks.js';
export type { DatabaseTarget } from './connect-database.js';
export type { DecisionStore } from './decision-store.js';
export type { FreezeStore } from './freeze-store.js';
export type { LatestRun } from './latest-run.js';
export type { Lease, LeaseStore } from './lease-store.js';
export type { Outbox, OutboxEntry } from './outbox.js';
export type { RequestStore } from './request-store.js';
export { StoredPlanError } from './request-store.js';
export type { RunStore } from './run-store.js';
export type { TimelineReads } from './timeline-reads.js';

export type Store = {
  readonly engine: Engine;
  requests: RequestStore;
  decisions: DecisionStore;
  runs: RunStore;
  audit: AuditLog;
  locks: ClusterLocks;
  latestRun: LatestRun;
  alerts: AlertStore;
  outbox: Outbox;
  freeze: FreezeStore;
  timeline: TimelineReads;
  leases: LeaseStore;
  /**
   * Runs `work` in one transaction against `tx`, the same store bound to it: what `work` writes
   * through `tx` lands together or not at all. Inside a transaction, `tx.transaction(w)` is `w(tx)`.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * The database server's clock, read once (PostgreSQL's `now()`); SQLite runs on this machine, so
   * it is this machine's. Replicas compare their own clocks through leases and heartbeats.
   */
  databaseTime(): Promise<Date>;
  close(): Promise<void>;
};

/**
 * The store on a database: a SQLite file (':memory:' allowed) or a target. Connects, brings the
 * schema up to date (under the migration lock every replica shares) and hands out the store.
 */
export async function createStore(target: string | DatabaseTarget): Promise<Store> {
  const connected = connectDatabase(typeof target === 'string' ? { engine: 'sqlite', file: target } : target);
  try {
    await migrateDatabase(connected.db, connected.engine);
  } catch (error) {
    await connected.close();
    throw error;
  }
  return storeOn(connected.db, connected.engine);
}

/** The store on a connected, migrated database; close() destroys it. */
export function storeOn(db: Kysely<Database>, engine: Engine): Store {
  const store = bind(db, engine, async (work) => {
    if (engine === 'postgres') return db.transaction().execute((trx) => work(bind(trx, engine)));
    // Kysely's SQLite dialect has one connection behind a mutex: holding it holds the database for
    // this process. BEGIN IMMEDIATE (Kysely's own is DEFERRED) also takes the file's write lock
    // before the first read, so another process on the file waits for it (busy_timeout) rather
    // than both reading a request pending and one failing at its write.
    return db.connection().execute(async (connection) => {
      await sql`BEGIN IMMEDIATE`.execute(connection);
      try {
        const result = await work(bind(connection, engine));
        await sql`COMMIT`.execute(connection);
        return result;
      } catch (error) {
        // Also when COMMIT itself failed (busy past the timeout): the connection must not stay in the
        // transaction. SQLite may already have rolled back (e.g. on a full disk); the first error is
        // the one to report.
        await sql`ROLLBACK`.execute(connection).catch(() => undefined);
        throw error;
      }
    });
  });
  return { ...store, close: () => db.destroy() };
}

type Transact = (work: (tx: Store) => Promise<unknown>) => Promise<unknown>;

// The stores on `db`; without `transact`, `db` is a transaction and a nested one is that same transaction.
function bind(db: Kysely<Database>, engine: Engine, transact?: Transact): Store {
  const store: Store = {
    engine,
    requests: createRequestStore(db, engine),
    decisions: createDecisionStore(db),
    runs: createRunStore(db),
    audit: createAuditLog(db),
    locks: createClusterLocks(db),
    latestRun: createLatestRun(db),
    alerts: createAlertStore(db),
    outbox: createOutbox(db, engine),
    freeze: createFreezeStore(db),
    timeline: createTimelineReads(db, engine),
    leases: createLeaseStore(db),
    transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
      if (transact === undefined) return work(store);
      return transact(work as (tx: Store) => Promise<unknown>) as Promise<T>;
    },
    async databaseTime() {
      if (engine !== 'postgres') return new Date();
      const { rows } = await sql<{ now: Date | string }>`select now() as now`.execute(db);
      return new Date(rows[0]!.now);
    },
    async close() {
      // A transaction's store closes nothing: the store it came from owns the connection.
    },
  };
  return store;
}

import { createAlertStore } from './alert-store.js';
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

export type Store = ReturnType<typeof createStoreOn>;

function createStoreOn(db: Db) {
  return {
    db,
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
    // Several statements that must land together (a claim and its audit line) share one transaction.
    transaction<T>(work: () => T): T {
      return db.transaction(work)();
    },
    close(): void {
      db.close();
    },
  };
}

export function createStore(file: string): Store {
  return createStoreOn(openDatabase(file));
}

import type { Kysely } from 'kysely';
import { type AlertRecord, toRecord as toAlert } from './alert-store.js';
import { toAuditEntry } from './audit-log.js';
import type { Engine } from './connect-database.js';
import type { Database } from './database-schema.js';
import type { AuditEntry } from './records.js';
import { requestInsertionOrder } from './row.js';

export type TimelineReads = {
  requestIdsOfCluster(cluster: string, since: string): Promise<string[]>;
  alertsOfCluster(cluster: string, from: string, to: string): Promise<AlertRecord[]>;
  freezesBetween(from: string, to: string): Promise<AuditEntry[]>;
  runOnlyAudit(runId: string): Promise<AuditEntry[]>;
};

// The reads only a timeline needs (issue #18): a cluster's requests and alerts in a window, and
// the freezes in it. Kept apart from the stores the flows write through.
export function createTimelineReads(db: Kysely<Database>, engine: Engine): TimelineReads {
  return {
    async requestIdsOfCluster(cluster, since) {
      const rows = await db
        .selectFrom('requests')
        .select('id')
        .where('cluster', '=', cluster)
        .where('created_at', '>=', since)
        .orderBy('created_at')
        .orderBy(requestInsertionOrder(engine))
        .execute();
      return rows.map((row) => row.id);
    },
    alertsOfCluster: async (cluster, from, to) =>
      (
        await db
          .selectFrom('alerts')
          .selectAll()
          .where('cluster', '=', cluster)
          .where('last_seen', '>=', from)
          .where('first_seen', '<=', to)
          .orderBy('first_seen')
          .execute()
      ).map(toAlert),
    freezesBetween: async (from, to) =>
      (
        await db
          .selectFrom('audit')
          .selectAll()
          .where('action', 'in', ['freeze', 'unfreeze'])
          .where('at', '>=', from)
          .where('at', '<=', to)
          .orderBy('id')
          .execute()
      ).map(toAuditEntry),
    // Audit lines that name only the run (its steps), not its request.
    runOnlyAudit: async (runId) =>
      (
        await db
          .selectFrom('audit')
          .selectAll()
          .where('run_id', '=', runId)
          .where('request_id', 'is', null)
          .orderBy('id')
          .execute()
      ).map(toAuditEntry),
  };
}

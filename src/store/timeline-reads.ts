import { type AlertRecord, toRecord as toAlert } from './alert-store.js';
import type { Db } from './open-database.js';
import type { AuditEntry } from './records.js';

// The reads only a timeline needs (issue #18): a cluster's requests and alerts in a window, and
// the freezes in it. Kept apart from the stores the flows write through.
export function createTimelineReads(db: Db) {
  const requestIds = db.prepare(
    'SELECT id FROM requests WHERE cluster = ? AND created_at >= ? ORDER BY created_at, rowid',
  );
  const alerts = db.prepare(
    'SELECT * FROM alerts WHERE cluster = ? AND last_seen >= ? AND first_seen <= ? ORDER BY first_seen',
  );
  const freezes = db.prepare(
    "SELECT * FROM audit WHERE action IN ('freeze', 'unfreeze') AND at >= ? AND at <= ? ORDER BY id",
  );
  const runAudit = db.prepare('SELECT * FROM audit WHERE run_id = ? AND request_id IS NULL ORDER BY id');
  const toEntry = (row: Record<string, unknown>): AuditEntry => ({
    id: Number(row.id),
    at: String(row.at),
    actor: String(row.actor),
    action: String(row.action),
    requestId: (row.request_id as string | null) ?? null,
    runId: (row.run_id as string | null) ?? null,
    detail: JSON.parse(String(row.detail)),
  });
  return {
    requestIdsOfCluster(cluster: string, since: string): string[] {
      return (requestIds.all(cluster, since) as { id: string }[]).map((row) => row.id);
    },
    alertsOfCluster(cluster: string, from: string, to: string): AlertRecord[] {
      return (alerts.all(cluster, from, to) as Record<string, unknown>[]).map(toAlert);
    },
    freezesBetween(from: string, to: string): AuditEntry[] {
      return (freezes.all(from, to) as Record<string, unknown>[]).map(toEntry);
    },
    // Audit lines that name only the run (its steps), not its request.
    runOnlyAudit(runId: string): AuditEntry[] {
      return (runAudit.all(runId) as Record<string, unknown>[]).map(toEntry);
    },
  };
}

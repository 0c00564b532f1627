import type { Db } from './open-database.js';
import type { AuditEntry } from './records.js';

export type AuditInput = Omit<AuditEntry, 'id' | 'requestId' | 'runId'> & {
  requestId?: string;
  runId?: string;
};

// Append-only: triggers in the schema refuse UPDATE and DELETE on this table.
export function createAuditLog(db: Db) {
  const insert = db.prepare(
    'INSERT INTO audit (at, actor, action, request_id, run_id, detail) VALUES (@at, @actor, @action, @requestId, @runId, @detail)',
  );
  const forRequest = db.prepare('SELECT * FROM audit WHERE request_id = ? ORDER BY id');
  const all = db.prepare('SELECT * FROM audit ORDER BY id');
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
    append(entry: AuditInput): void {
      insert.run({
        ...entry,
        requestId: entry.requestId ?? null,
        runId: entry.runId ?? null,
        detail: JSON.stringify(entry.detail),
      });
    },
    forRequest(requestId: string): AuditEntry[] {
      return (forRequest.all(requestId) as Record<string, unknown>[]).map(toEntry);
    },
    all(): AuditEntry[] {
      return (all.all() as Record<string, unknown>[]).map(toEntry);
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

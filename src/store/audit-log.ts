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
  const requestOfRun = db.prepare(
    'SELECT request_id FROM audit WHERE run_id = ? AND request_id IS NOT NULL ORDER BY id LIMIT 1',
  );
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
    // The request a run id was issued for (`request.approved` names both), even when the run row is
    // missing: a lock left by a bot that stopped between the claim and the run.
    requestOfRun(runId: string): string | undefined {
      const row = requestOfRun.get(runId) as { request_id: string } | undefined;
      return row?.request_id;
    },
    all(): AuditEntry[] {
      return (all.all() as Record<string, unknown>[]).map(toEntry);
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

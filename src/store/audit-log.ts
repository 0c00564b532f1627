import type { Kysely, Selectable } from 'kysely';
import type { AuditTable, Database } from './database-schema.js';
import type { AuditEntry } from './records.js';

export type AuditInput = Omit<AuditEntry, 'id' | 'requestId' | 'runId'> & {
  requestId?: string;
  runId?: string;
};

export type AuditLog = {
  append(entry: AuditInput): Promise<void>;
  forRequest(requestId: string): Promise<AuditEntry[]>;
  requestOfRun(runId: string): Promise<string | undefined>;
  all(): Promise<AuditEntry[]>;
};

export function toAuditEntry(row: Selectable<AuditTable>): AuditEntry {
  return {
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    requestId: row.request_id,
    runId: row.run_id,
    detail: JSON.parse(row.detail),
  };
}

// Append-only: triggers in the schema refuse UPDATE and DELETE on this table, on both engines.
export function createAuditLog(db: Kysely<Database>): AuditLog {
  return {
    async append(entry) {
      await db
        .insertInto('audit')
        .values({
          at: entry.at,
          actor: entry.actor,
          action: entry.action,
          request_id: entry.requestId ?? null,
          run_id: entry.runId ?? null,
          detail: JSON.stringify(entry.detail),
        })
        .execute();
    },
    forRequest: async (requestId) =>
      (
        await db.selectFrom('audit').selectAll().where('request_id', '=', requestId).orderBy('id').execute()
      ).map(toAuditEntry),
    // The request a run id was issued for (`request.approved` names both), even when the run row is
    // missing: a lock left by a bot that stopped between the claim and the run.
    async requestOfRun(runId) {
      const row = await db
        .selectFrom('audit')
        .select('request_id')
        .where('run_id', '=', runId)
        .where('request_id', 'is not', null)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return row?.request_id ?? undefined;
    },
    all: async () => (await db.selectFrom('audit').selectAll().orderBy('id').execute()).map(toAuditEntry),
  };
}

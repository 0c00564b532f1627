import type { Kysely, Selectable } from 'kysely';
import type { Engine } from './connect-database.js';
import type { Database, OutboxTable } from './database-schema.js';

export type OutboxEntry = {
  id: number;
  /** What the message is, for logs: `summary`, `interrupted`, `incident`, `card`, `status`. */
  what: string;
  runId: string | null;
  channel: string;
  threadTs: string | null;
  /** Set when the message is an edit of the message posted at this ts, not a new post. */
  editTs: string | null;
  /** The Slack message as it was to be posted: `{ text, blocks }`. */
  message: { text: string; blocks?: unknown[] };
  createdAt: string;
  attempts: number;
};

export type Outbox = {
  add(entry: Omit<OutboxEntry, 'id' | 'attempts' | 'editTs'> & { editTs?: string | null }): Promise<number>;
  pending(): Promise<OutboxEntry[]>;
  count(): Promise<number>;
  /** Once Slack took it, or it was given up. */
  remove(id: number): Promise<void>;
  /**
   * A failed attempt: counted, and the row unclaimed for the next one (on any replica). With
   * `owner`, only while the row is still that owner's: a claim that ran out and was taken by another
   * replica is not freed under it.
   */
  failed(id: number, error: string, owner?: string): Promise<void>;
  /**
   * Claims, in one statement, up to `limit` rows nobody holds (unclaimed, or claimed until `at` or
   * before) for `owner` until `until`, oldest first. On PostgreSQL rows another replica is taking
   * at that moment are skipped, so two replicas never take the same row.
   */
  take(
    owner: string,
    at: string,
    until: string,
    limit: number,
    except?: readonly number[],
  ): Promise<OutboxEntry[]>;
  /** Gives a claimed row back without counting an attempt (with `owner`: only while it is its own). */
  release(id: number, owner?: string): Promise<void>;
  /**
   * Keeps `owner`'s claim on a row it is still sending until `until`; false when the row is gone or
   * no longer its own (the claim ran out and another replica took it).
   */
  renew(id: number, owner: string, until: string): Promise<boolean>;
};

function toEntry(row: Selectable<OutboxTable>): OutboxEntry {
  return {
    id: Number(row.id),
    what: row.what,
    runId: row.run_id,
    channel: row.channel,
    threadTs: row.thread_ts,
    editTs: row.edit_ts,
    message: JSON.parse(row.message) as OutboxEntry['message'],
    createdAt: row.created_at,
    attempts: Number(row.attempts),
  };
}

// Messages kept until Slack takes them: a run's summary must not be lost to an outage.
export function createOutbox(db: Kysely<Database>, engine: Engine): Outbox {
  const unclaim = { claimed_by: null, claimed_until: null };
  return {
    async add(entry) {
      const row = await db
        .insertInto('outbox')
        .values({
          what: entry.what,
          run_id: entry.runId,
          channel: entry.channel,
          thread_ts: entry.threadTs,
          edit_ts: entry.editTs ?? null,
          message: JSON.stringify(entry.message),
          created_at: entry.createdAt,
          last_error: null,
          claimed_by: null,
          claimed_until: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    pending: async () => (await db.selectFrom('outbox').selectAll().orderBy('id').execute()).map(toEntry),
    async count() {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      // PostgreSQL counts in bigint, which pg hands over as a string.
      return Number(row.n);
    },
    async remove(id) {
      await db.deleteFrom('outbox').where('id', '=', id).execute();
    },
    async failed(id, error, owner) {
      let update = db
        .updateTable('outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, ...unclaim }))
        .where('id', '=', id);
      if (owner !== undefined) update = update.where('claimed_by', '=', owner);
      await update.execute();
    },
    async take(owner, at, until, limit, except = []) {
      let free = db
        .selectFrom('outbox')
        .select('id')
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', at)]));
      if (except.length > 0) free = free.where('id', 'not in', [...except]);
      free = free.orderBy('id').limit(limit);
      const rows = await db
        .updateTable('outbox')
        .set({ claimed_by: owner, claimed_until: until })
        .where('id', 'in', engine === 'postgres' ? free.forUpdate().skipLocked() : free)
        .returningAll()
        .execute();
      return rows.map(toEntry).sort((a, b) => a.id - b.id);
    },
    async release(id, owner) {
      let update = db.updateTable('outbox').set(unclaim).where('id', '=', id);
      if (owner !== undefined) update = update.where('claimed_by', '=', owner);
      await update.execute();
    },
    async renew(id, owner, until) {
      const result = await db
        .updateTable('outbox')
        .set({ claimed_until: until })
        .where('id', '=', id)
        .where('claimed_by', '=', owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

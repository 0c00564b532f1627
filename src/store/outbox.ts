import type { Db } from './open-database.js';

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

type Row = {
  id: number;
  what: string;
  run_id: string | null;
  channel: string;
  thread_ts: string | null;
  edit_ts: string | null;
  message: string;
  created_at: string;
  attempts: number;
};

// Messages kept until Slack takes them: a run's summary must not be lost to an outage.
export function createOutbox(db: Db) {
  const insert = db.prepare(`
    INSERT INTO outbox (what, run_id, channel, thread_ts, edit_ts, message, created_at)
    VALUES (@what, @runId, @channel, @threadTs, @editTs, @message, @createdAt)`);
  const pending = db.prepare('SELECT * FROM outbox ORDER BY id');
  const count = db.prepare('SELECT COUNT(*) AS n FROM outbox');
  const remove = db.prepare('DELETE FROM outbox WHERE id = ?');
  const attempted = db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?');
  return {
    add(entry: Omit<OutboxEntry, 'id' | 'attempts' | 'editTs'> & { editTs?: string | null }): number {
      const row = { ...entry, editTs: entry.editTs ?? null, message: JSON.stringify(entry.message) };
      return Number(insert.run(row).lastInsertRowid);
    },
    pending(): OutboxEntry[] {
      return (pending.all() as Row[]).map((row) => ({
        id: row.id,
        what: row.what,
        runId: row.run_id,
        channel: row.channel,
        threadTs: row.thread_ts,
        editTs: row.edit_ts,
        message: JSON.parse(row.message) as OutboxEntry['message'],
        createdAt: row.created_at,
        attempts: row.attempts,
      }));
    },
    count(): number {
      return (count.get() as { n: number }).n;
    },
    // Once Slack took it, or it was given up.
    remove(id: number): void {
      remove.run(id);
    },
    failed(id: number, error: string): void {
      attempted.run(error, id);
    },
  };
}

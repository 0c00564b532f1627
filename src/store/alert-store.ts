import type { Db } from './open-database.js';
import { type Row, text } from './row.js';

// `pending`: seen, still inside its grace period; `open`: announced (or about to be); `resolved`: cleared.
export type AlertStatus = 'pending' | 'open' | 'resolved';

/** What the watcher knows about one condition on one resource. */
export type AlertFacts = {
  fingerprint: string;
  condition: string;
  resource: string;
  cluster: string | null;
  summary: string;
  diagnose: string;
  since: string | null;
  detail: Record<string, unknown>;
  lastError: string | null;
};

export type AlertRecord = AlertFacts & {
  status: AlertStatus;
  firstSeen: string;
  lastSeen: string;
  openedAt: string | null;
  resolvedAt: string | null;
  channel: string | null;
  /** The top-level message (the alert, or the digest it was announced in); null until posted. */
  messageTs: string | null;
  digest: boolean;
};

export function toRecord(row: Row): AlertRecord {
  return {
    fingerprint: String(row.fingerprint),
    condition: String(row.condition),
    resource: String(row.resource),
    cluster: text(row.cluster),
    summary: String(row.summary),
    diagnose: String(row.diagnose),
    since: text(row.since),
    detail: JSON.parse(String(row.detail)),
    lastError: text(row.last_error),
    status: row.status as AlertStatus,
    firstSeen: String(row.first_seen),
    lastSeen: String(row.last_seen),
    openedAt: text(row.opened_at),
    resolvedAt: text(row.resolved_at),
    channel: text(row.channel),
    messageTs: text(row.message_ts),
    digest: row.digest === 1,
  };
}

const bind = (facts: AlertFacts) => ({ ...facts, detail: JSON.stringify(facts.detail) });

export function createAlertStore(db: Db) {
  // One row per fingerprint: a condition that comes back after it was resolved starts over in it.
  const upsert = db.prepare(`
    INSERT INTO alerts (fingerprint, condition, resource, cluster, status, summary, diagnose, since,
      first_seen, last_seen, opened_at, channel, digest, detail, last_error)
    VALUES (@fingerprint, @condition, @resource, @cluster, @status, @summary, @diagnose, @since,
      @firstSeen, @at, @openedAt, @channel, @digest, @detail, @lastError)
    ON CONFLICT (fingerprint) DO UPDATE SET
      condition = excluded.condition, resource = excluded.resource, cluster = excluded.cluster,
      status = excluded.status, summary = excluded.summary, diagnose = excluded.diagnose,
      since = excluded.since, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
      opened_at = excluded.opened_at, resolved_at = NULL, channel = excluded.channel, message_ts = NULL,
      digest = excluded.digest, detail = excluded.detail,
      last_error = COALESCE(excluded.last_error, alerts.last_error)`);
  // Resolved members of a digest that still has open ones come along: the digest is redrawn whole.
  const active = db.prepare(`
    SELECT * FROM alerts WHERE status IN ('pending', 'open')
      OR (digest = 1 AND message_ts IN (SELECT message_ts FROM alerts WHERE digest = 1 AND status = 'open'))
    ORDER BY first_seen, fingerprint`);
  const open = db.prepare("SELECT * FROM alerts WHERE status = 'open' ORDER BY opened_at");
  const byFingerprint = db.prepare('SELECT * FROM alerts WHERE fingerprint = ?');
  const setMessage = db.prepare('UPDATE alerts SET message_ts = ? WHERE fingerprint = ?');
  const change = db.prepare(
    'UPDATE alerts SET summary = @summary, detail = @detail WHERE fingerprint = @fingerprint',
  );
  // A pending alert takes the latest wording silently; an open one changes only through a threaded note.
  const seen = db.prepare(`
    UPDATE alerts SET last_seen = @at, detail = @detail, since = @since,
      summary = CASE WHEN status = 'pending' THEN @summary ELSE summary END,
      last_error = COALESCE(@lastError, last_error)
    WHERE fingerprint = @fingerprint AND status IN ('pending', 'open')`);
  const resolve = db.prepare(
    "UPDATE alerts SET status = 'resolved', resolved_at = ? WHERE fingerprint = ? AND status = 'open'",
  );
  const forget = db.prepare('DELETE FROM alerts WHERE fingerprint = ?');

  return {
    /** Pending and open alerts (and their digest companions), oldest first: what the planner compares. */
    active(): AlertRecord[] {
      return (active.all() as Row[]).map(toRecord);
    },
    open(): AlertRecord[] {
      return (open.all() as Row[]).map(toRecord);
    },
    get(fingerprint: string): AlertRecord | undefined {
      const row = byFingerprint.get(fingerprint) as Row | undefined;
      return row ? toRecord(row) : undefined;
    },
    track(facts: AlertFacts, firstSeen: string, at: string): void {
      upsert.run({
        ...bind(facts),
        status: 'pending',
        firstSeen,
        at,
        openedAt: null,
        channel: null,
        digest: 0,
      });
    },
    /** Written before the message is posted; `setMessage` records it once Slack took it. */
    markOpen(
      facts: AlertFacts,
      opened: { firstSeen: string; at: string; channel: string; digest: boolean },
    ): void {
      upsert.run({
        ...bind(facts),
        status: 'open',
        firstSeen: opened.firstSeen,
        at: opened.at,
        openedAt: opened.at,
        channel: opened.channel,
        digest: opened.digest ? 1 : 0,
      });
    },
    setMessage(fingerprint: string, ts: string): void {
      setMessage.run(ts, fingerprint);
    },
    change(fingerprint: string, summary: string, detail: Record<string, unknown>): void {
      change.run({ fingerprint, summary, detail: JSON.stringify(detail) });
    },
    seen(facts: AlertFacts, at: string): void {
      seen.run({ ...bind(facts), at });
    },
    resolve(fingerprint: string, at: string): boolean {
      return resolve.run(at, fingerprint).changes === 1;
    },
    /** A pending alert that cleared inside its grace period leaves no trace. */
    forget(fingerprint: string): void {
      forget.run(fingerprint);
    },
  };
}

export type AlertStore = ReturnType<typeof createAlertStore>;

import type { Kysely, Selectable } from 'kysely';
import type { AlertsTable, Database } from './database-schema.js';
import { changedOne } from './row.js';

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

export type AlertStore = {
  /** Pending and open alerts (and their digest companions), oldest first: what the planner compares. */
  active(): Promise<AlertRecord[]>;
  open(): Promise<AlertRecord[]>;
  get(fingerprint: string): Promise<AlertRecord | undefined>;
  track(facts: AlertFacts, firstSeen: string, at: string): Promise<void>;
  /** Written before the message is posted; `setMessage` records it once Slack took it. */
  markOpen(
    facts: AlertFacts,
    opened: { firstSeen: string; at: string; channel: string; digest: boolean },
  ): Promise<void>;
  setMessage(fingerprint: string, ts: string): Promise<void>;
  change(fingerprint: string, summary: string, detail: Record<string, unknown>): Promise<void>;
  seen(facts: AlertFacts, at: string): Promise<void>;
  resolve(fingerprint: string, at: string): Promise<boolean>;
  /** A pending alert that cleared inside its grace period leaves no trace. */
  forget(fingerprint: string): Promise<void>;
};

export function toRecord(row: Selectable<AlertsTable>): AlertRecord {
  return {
    fingerprint: row.fingerprint,
    condition: row.condition,
    resource: row.resource,
    cluster: row.cluster,
    summary: row.summary,
    diagnose: row.diagnose,
    since: row.since,
    detail: JSON.parse(row.detail),
    lastError: row.last_error,
    status: row.status,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    openedAt: row.opened_at,
    resolvedAt: row.resolved_at,
    channel: row.channel,
    messageTs: row.message_ts,
    digest: Number(row.digest) === 1,
  };
}

export function createAlertStore(db: Kysely<Database>): AlertStore {
  // One row per fingerprint: a condition that comes back after it was resolved starts over in it.
  const upsert = (
    facts: AlertFacts,
    state: {
      status: 'pending' | 'open';
      firstSeen: string;
      at: string;
      openedAt: string | null;
      channel: string | null;
      digest: boolean;
    },
  ) =>
    db
      .insertInto('alerts')
      .values({
        fingerprint: facts.fingerprint,
        condition: facts.condition,
        resource: facts.resource,
        cluster: facts.cluster,
        status: state.status,
        summary: facts.summary,
        diagnose: facts.diagnose,
        since: facts.since,
        first_seen: state.firstSeen,
        last_seen: state.at,
        opened_at: state.openedAt,
        resolved_at: null,
        channel: state.channel,
        message_ts: null,
        digest: state.digest ? 1 : 0,
        detail: JSON.stringify(facts.detail),
        last_error: facts.lastError,
      })
      .onConflict((oc) =>
        oc.column('fingerprint').doUpdateSet((eb) => ({
          condition: eb.ref('excluded.condition'),
          resource: eb.ref('excluded.resource'),
          cluster: eb.ref('excluded.cluster'),
          status: eb.ref('excluded.status'),
          summary: eb.ref('excluded.summary'),
          diagnose: eb.ref('excluded.diagnose'),
          since: eb.ref('excluded.since'),
          first_seen: eb.ref('excluded.first_seen'),
          last_seen: eb.ref('excluded.last_seen'),
          opened_at: eb.ref('excluded.opened_at'),
          resolved_at: null,
          channel: eb.ref('excluded.channel'),
          message_ts: null,
          digest: eb.ref('excluded.digest'),
          detail: eb.ref('excluded.detail'),
          last_error: eb.fn.coalesce('excluded.last_error', 'alerts.last_error'),
        })),
      )
      .execute();
  const alerts = () => db.selectFrom('alerts').selectAll();

  return {
    // Resolved members of a digest that still has open ones come along: the digest is redrawn whole.
    active: async () =>
      (
        await alerts()
          .where((eb) =>
            eb.or([
              eb('status', 'in', ['pending', 'open']),
              eb.and([
                eb('digest', '=', 1),
                eb(
                  'message_ts',
                  'in',
                  eb
                    .selectFrom('alerts as digest_open')
                    .select('digest_open.message_ts')
                    .where('digest_open.digest', '=', 1)
                    .where('digest_open.status', '=', 'open'),
                ),
              ]),
            ]),
          )
          .orderBy('first_seen')
          .orderBy('fingerprint')
          .execute()
      ).map(toRecord),
    open: async () =>
      (await alerts().where('status', '=', 'open').orderBy('opened_at').execute()).map(toRecord),
    async get(fingerprint) {
      const row = await alerts().where('fingerprint', '=', fingerprint).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async track(facts, firstSeen, at) {
      await upsert(facts, { status: 'pending', firstSeen, at, openedAt: null, channel: null, digest: false });
    },
    async markOpen(facts, opened) {
      await upsert(facts, {
        status: 'open',
        firstSeen: opened.firstSeen,
        at: opened.at,
        openedAt: opened.at,
        channel: opened.channel,
        digest: opened.digest,
      });
    },
    async setMessage(fingerprint, ts) {
      await db.updateTable('alerts').set({ message_ts: ts }).where('fingerprint', '=', fingerprint).execute();
    },
    async change(fingerprint, summary, detail) {
      await db
        .updateTable('alerts')
        .set({ summary, detail: JSON.stringify(detail) })
        .where('fingerprint', '=', fingerprint)
        .execute();
    },
    // A pending alert takes the latest wording silently; an open one changes only through a threaded note.
    async seen(facts, at) {
      await db
        .updateTable('alerts')
        .set((eb) => ({
          last_seen: at,
          detail: JSON.stringify(facts.detail),
          since: facts.since,
          summary: eb
            .case()
            .when('status', '=', 'pending')
            .then(eb.val(facts.summary))
            .else(eb.ref('summary'))
            .end(),
          last_error: facts.lastError === null ? eb.ref('last_error') : facts.lastError,
        }))
        .where('fingerprint', '=', facts.fingerprint)
        .where('status', 'in', ['pending', 'open'])
        .execute();
    },
    async resolve(fingerprint, at) {
      const result = await db
        .updateTable('alerts')
        .set({ status: 'resolved', resolved_at: at })
        .where('fingerprint', '=', fingerprint)
        .where('status', '=', 'open')
        .executeTakeFirst();
      return changedOne(result);
    },
    async forget(fingerprint) {
      await db.deleteFrom('alerts').where('fingerprint', '=', fingerprint).execute();
    },
  };
}

import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';
import type { Engine } from './connect-database.js';

export type SchemaMigration = {
  version: number;
  name: string;
  // Runs inside the migration's transaction (migrate-database.ts); `db` is that transaction.
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then, not today's Database.
  up(db: Kysely<any>, engine: Engine): Promise<void>;
};

// An id the database assigns: SQLite's AUTOINCREMENT (ids never reused), PostgreSQL's identity
// column. A 32-bit integer on PostgreSQL: pg returns int8 as a string, and these tables stay far
// below 2^31 rows.
const autoId = (engine: Engine) => (column: ColumnDefinitionBuilder) =>
  engine === 'sqlite'
    ? column.primaryKey().autoIncrement()
    : column.primaryKey().generatedByDefaultAsIdentity();

const notNull = (column: ColumnDefinitionBuilder) => column.notNull();

/**
 * Numbered schema steps for both engines. Versions 1–6 are the steps the synchronous SQLite store
 * counted in PRAGMA user_version, the same tables and columns (a file it made is recognised by its
 * user_version; src/store/migrate-database.test.ts compares the two schemas). Never edit a shipped step.
 */
export const SCHEMA_MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 1,
    name: 'requests, decisions, runs, steps, locks, append-only audit',
    async up(db, engine) {
      await db.schema
        .createTable('requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('procedure', 'text', notNull)
        .addColumn('params', 'text', notNull)
        .addColumn('plan', 'text', notNull)
        .addColumn('plan_fingerprint', 'text', notNull)
        .addColumn('cluster', 'text')
        .addColumn('requester', 'text', notNull)
        .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('channel', 'text', notNull)
        .addColumn('card_ts', 'text')
        .addColumn('status', 'text', notNull)
        .addColumn('approvals_needed', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', notNull)
        .addColumn('expires_at', 'text', notNull)
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('outcome', 'text')
        .execute();
      await db.schema
        .createIndex('requests_status')
        .on('requests')
        .columns(['status', 'expires_at'])
        .execute();
      await db.schema
        .createTable('decisions')
        .addColumn('id', 'integer', autoId(engine))
        .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
        .addColumn('actor', 'text', notNull)
        .addColumn('decision', 'text', notNull)
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('at', 'text', notNull)
        .addUniqueConstraint('decisions_once', ['request_id', 'actor', 'decision'])
        .execute();
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull().unique().references('requests.id'))
        .addColumn('cluster', 'text')
        .addColumn('status', 'text', notNull)
        .addColumn('channel', 'text', notNull)
        .addColumn('thread_ts', 'text')
        .addColumn('status_ts', 'text')
        .addColumn('started_at', 'text', notNull)
        .addColumn('finished_at', 'text')
        .addColumn('summary', 'text')
        .execute();
      await db.schema
        .createTable('steps')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
        .addColumn('idx', 'integer', notNull)
        .addColumn('title', 'text', notNull)
        .addColumn('command', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('exit_code', 'integer')
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('output_tail', 'text')
        .addPrimaryKeyConstraint('steps_pk', ['run_id', 'idx'])
        .execute();
      await db.schema
        .createTable('locks')
        .addColumn('cluster', 'text', (c) => c.primaryKey())
        .addColumn('run_id', 'text', notNull)
        .addColumn('holder', 'text', notNull)
        .addColumn('acquired_at', 'text', notNull)
        .execute();
      await db.schema
        .createTable('audit')
        .addColumn('id', 'integer', autoId(engine))
        .addColumn('at', 'text', notNull)
        .addColumn('actor', 'text', notNull)
        .addColumn('action', 'text', notNull)
        .addColumn('request_id', 'text')
        .addColumn('run_id', 'text')
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      // The audit is append-only on both engines: the database itself refuses an update or a delete.
      if (engine === 'sqlite') {
        for (const event of ['update', 'delete'] as const) {
          await sql
            .raw(
              `CREATE TRIGGER audit_append_only_${event} BEFORE ${event.toUpperCase()} ON audit ` +
                `BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END`,
            )
            .execute(db);
        }
      } else {
        await sql`
          CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql
          AS $$ BEGIN RAISE EXCEPTION 'audit is append-only'; END $$
        `.execute(db);
        for (const event of ['update', 'delete'] as const) {
          await sql
            .raw(
              `CREATE TRIGGER audit_append_only_${event} BEFORE ${event.toUpperCase()} ON audit ` +
                'FOR EACH ROW EXECUTE FUNCTION audit_append_only()',
            )
            .execute(db);
        }
      }
    },
  },
  {
    version: 2,
    // Watcher alerts: one row per fingerprint (condition + resource), reused when it comes back.
    name: 'alerts',
    async up(db) {
      await db.schema
        .createTable('alerts')
        .addColumn('fingerprint', 'text', (c) => c.primaryKey())
        .addColumn('condition', 'text', notNull)
        .addColumn('resource', 'text', notNull)
        .addColumn('cluster', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'open', 'resolved')`))
        .addColumn('summary', 'text', notNull)
        .addColumn('diagnose', 'text', notNull)
        .addColumn('since', 'text')
        .addColumn('first_seen', 'text', notNull)
        .addColumn('last_seen', 'text', notNull)
        .addColumn('opened_at', 'text')
        .addColumn('resolved_at', 'text')
        .addColumn('channel', 'text')
        .addColumn('message_ts', 'text')
        .addColumn('digest', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('last_error', 'text')
        .execute();
      await db.schema.createIndex('alerts_status').on('alerts').column('status').execute();
    },
  },
  {
    version: 3,
    // Thread messages Slack refused after its client's retries (a run's summary), sent again later.
    name: 'outbox',
    async up(db, engine) {
      await db.schema
        .createTable('outbox')
        .addColumn('id', 'integer', autoId(engine))
        .addColumn('what', 'text', notNull)
        .addColumn('run_id', 'text')
        .addColumn('channel', 'text', notNull)
        .addColumn('thread_ts', 'text')
        .addColumn('message', 'text', notNull)
        .addColumn('created_at', 'text', notNull)
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .execute();
    },
  },
  {
    version: 4,
    // A kept message may be the final edit of a message already posted (an approval card, a run's status).
    name: 'outbox edit_ts',
    async up(db) {
      await db.schema.alterTable('outbox').addColumn('edit_ts', 'text').execute();
    },
  },
  {
    version: 5,
    // Resuming an interrupted run (issue #22): the resume is a request of its own that continues
    // `resumes_run`; a wait step's deadline is stored when it starts.
    name: 'requests resumes_run, steps deadline',
    async up(db) {
      await db.schema.alterTable('requests').addColumn('resumes_run', 'text').execute();
      await db.schema
        .createIndex('requests_resumes_run')
        .on('requests')
        .column('resumes_run')
        .where(sql.ref('resumes_run'), 'is not', null)
        .execute();
      await db.schema.alterTable('steps').addColumn('deadline', 'text').execute();
    },
  },
  {
    version: 6,
    // The change freeze (issue #18): at most one row; its presence means frozen, so it survives restarts.
    name: 'freeze',
    async up(db) {
      await db.schema
        .createTable('freeze')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('frozen_by', 'text', notNull)
        .addColumn('since', 'text', notNull)
        .addColumn('reason', 'text', notNull)
        .execute();
    },
  },
  {
    version: 7,
    // Several replicas (issue #16): a run's owner and heartbeat (crash takeover), a cancel any
    // replica can request, named leases (one watcher), outbox claims (one sender per message).
    name: 'runs owner, heartbeat and cancel; leases; outbox claims',
    async up(db, engine) {
      await db.schema.alterTable('runs').addColumn('owner', 'text').execute();
      await db.schema.alterTable('runs').addColumn('heartbeat_at', 'text').execute();
      await db.schema.alterTable('runs').addColumn('cancel_requested_by', 'text').execute();
      await db.schema.alterTable('runs').addColumn('cancel_requested_at', 'text').execute();
      await db.schema.createIndex('runs_status').on('runs').columns(['status', 'owner']).execute();
      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', notNull)
        .addColumn('expires_at', 'text', notNull)
        .addColumn('acquired_at', 'text', notNull)
        .execute();
      await db.schema.alterTable('outbox').addColumn('claimed_by', 'text').execute();
      await db.schema.alterTable('outbox').addColumn('claimed_until', 'text').execute();
      // Insertion order, where created_at ties (one clock tick): SQLite has its rowid; PostgreSQL
      // gets a column of its own, numbered for the rows already there as it is added.
      if (engine === 'postgres') {
        await sql`ALTER TABLE requests ADD COLUMN seq integer GENERATED BY DEFAULT AS IDENTITY`.execute(db);
      }
    },
  },
];

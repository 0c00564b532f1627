import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import SqliteDatabase from 'better-sqlite3';
import { execa } from 'execa';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startPostgresTestServer } from '../../test/support/postgres/start-postgres-test-server.js';
import { LEGACY_SQLITE_STEPS } from '../../test/support/store/legacy-sqlite-steps.js';
import { type ConnectedDatabase, connectDatabase, type DatabaseTarget } from './connect-database.js';
import type { Database } from './database-schema.js';
import { migrateDatabase } from './migrate-database.js';
import { SCHEMA_MIGRATIONS } from './schema-migrations.js';

// The store's contract on both engines: the same migrations, the same tables, the same exactly-once claim.
// Undefined (and the PostgreSQL half skipped) when PostgreSQL is not installed; under CI=true it throws.
const server = await startPostgresTestServer();
afterAll(() => server?.stop());

const ALL_VERSIONS = [1, 2, 3, 4, 5, 6, 7];
const root = path.resolve(import.meta.dirname, '../..');
const MIGRATOR = path.join(root, 'test/support/store/migrate-when-told.ts');
const at = '2026-12-04T09:00:00.000Z';

const dirs: string[] = [];
const opened: ConnectedDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sqliteFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-store-'));
  dirs.push(dir);
  return path.join(dir, 'state.sqlite');
}

function connect(target: DatabaseTarget): ConnectedDatabase {
  const connected = connectDatabase(target);
  opened.push(connected);
  return connected;
}

const postgres = async (poolSize = 4): Promise<DatabaseTarget> => ({
  engine: 'postgres',
  url: await server!.createDatabase(),
  poolSize,
});

// A SQLite file as the synchronous store (before issue #16) left it after its first `steps` steps.
function legacyDatabase(file: string, steps = LEGACY_SQLITE_STEPS.length): SqliteDatabase.Database {
  const db = new SqliteDatabase(file);
  for (const [index, step] of LEGACY_SQLITE_STEPS.slice(0, steps).entries()) {
    db.exec(step);
    db.pragma(`user_version = ${index + 1}`);
  }
  return db;
}

// Tables and their columns: the synchronous store's, then what migration 7 adds (issue #16).
function todaysColumns(engine: 'sqlite' | 'postgres' = 'sqlite'): Record<string, string[]> {
  const db = legacyDatabase(':memory:');
  const schema = sqliteSchema(db);
  db.close();
  const columns: Record<string, string[]> = Object.fromEntries(
    Object.entries(schema.tables).map(([name, t]) => [name, t.columns.map((c) => String(c.name))]),
  );
  columns.runs!.push('owner', 'heartbeat_at', 'cancel_requested_by', 'cancel_requested_at');
  columns.outbox!.push('claimed_by', 'claimed_until');
  columns.leases = ['name', 'holder', 'expires_at', 'acquired_at'];
  // PostgreSQL has no rowid: insertion order is a column of its own.
  if (engine === 'postgres') columns.requests!.push('seq');
  return Object.fromEntries(Object.entries(columns).sort(([a], [b]) => a.localeCompare(b)));
}

async function columnsOf(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const tables = await db.introspection.getTables();
  return Object.fromEntries(
    tables
      .filter((t) => t.name !== 'schema_migrations')
      .map((t) => [t.name, t.columns.map((c) => c.name)] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

function startMigrator(file: string) {
  const child = execa(path.join(root, 'node_modules/.bin/tsx'), [MIGRATOR, file], {
    cwd: root,
    stdin: 'pipe',
    stdout: 'pipe',
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    process: child,
    async nextLine(): Promise<string> {
      const next = await lines.next();
      if (next.done) throw new Error('the migrator ended before answering');
      return next.value;
    },
  };
}

async function recordedVersions(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('schema_migrations').select('version').orderBy('version').execute();
  return rows.map((r) => r.version);
}

function sqliteSchema(db: SqliteDatabase.Database) {
  const tables = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sqlite_sequence', 'schema_migrations') ORDER BY name",
    )
    .all() as { name: string; sql: string }[];
  const describe = (table: { name: string; sql: string }) => ({
    autoincrement: /autoincrement/i.test(table.sql),
    columns: (db.pragma(`table_info(${table.name})`) as Record<string, unknown>[]).map((c) => ({
      name: c.name,
      type: String(c.type).toUpperCase(),
      notnull: c.notnull,
      default: c.dflt_value,
      pk: c.pk,
    })),
    indexes: (db.pragma(`index_list(${table.name})`) as { name: string; unique: number; partial: number }[])
      .map((i) => ({
        unique: i.unique,
        partial: i.partial,
        columns: (db.pragma(`index_info(${i.name})`) as { name: string }[]).map((c) => c.name),
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    foreignKeys: (db.pragma(`foreign_key_list(${table.name})`) as Record<string, unknown>[]).map((f) => ({
      table: f.table,
      from: f.from,
      to: f.to,
    })),
    checks: /CHECK\s*\(/i.test(table.sql),
  });
  return {
    tables: Object.fromEntries(tables.map((t) => [t.name, describe(t)])),
    triggers: db
      .prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
      .all(),
  };
}

describe('migrations on SQLite', () => {
  it('make today’s tables on a new file, and running them again changes nothing', async () => {
    const { db } = connect({ engine: 'sqlite', file: sqliteFile() });

    expect(await migrateDatabase(db, 'sqlite')).toEqual({ applied: ALL_VERSIONS });
    expect(await migrateDatabase(db, 'sqlite')).toEqual({ applied: [] });
    expect(await recordedVersions(db)).toEqual(ALL_VERSIONS);
    expect(await columnsOf(db)).toEqual(todaysColumns());
  });

  it('give, up to version 6, the same schema as the synchronous store’s steps (types, defaults, keys, indexes, triggers)', async () => {
    const file = sqliteFile();
    const { db } = connect({ engine: 'sqlite', file });
    await migrateDatabase(db, 'sqlite', {
      migrations: SCHEMA_MIGRATIONS.slice(0, LEGACY_SQLITE_STEPS.length),
    });
    const todays = legacyDatabase(':memory:');

    const mine = new SqliteDatabase(file, { readonly: true });
    try {
      expect(SCHEMA_MIGRATIONS.map((m) => m.version)).toEqual(ALL_VERSIONS);
      expect(sqliteSchema(mine)).toEqual(sqliteSchema(todays));
      // user_version stays in step, so a file is recognised whichever version of the bot made it.
      expect(mine.pragma('user_version', { simple: true })).toBe(LEGACY_SQLITE_STEPS.length);
    } finally {
      mine.close();
      todays.close();
    }
  });

  it('recognise a file made by the synchronous store: its steps are recorded, not run again, and its rows stay', async () => {
    const file = sqliteFile();
    const todays = legacyDatabase(file);
    todays
      .prepare(
        "INSERT INTO locks (cluster, run_id, holder, acquired_at) VALUES ('talos-prod', 'run-1', 'U0ALICE', ?)",
      )
      .run(at);
    todays.close();
    const { db } = connect({ engine: 'sqlite', file });

    expect(await migrateDatabase(db, 'sqlite')).toEqual({ applied: [7] });
    expect(await recordedVersions(db)).toEqual(ALL_VERSIONS);
    expect(await db.selectFrom('locks').select(['cluster', 'run_id']).execute()).toEqual([
      { cluster: 'talos-prod', run_id: 'run-1' },
    ]);
  });

  it('carry on from a file the synchronous store left part-way (user_version 3)', async () => {
    const file = sqliteFile();
    legacyDatabase(file, 3).close();
    const { db } = connect({ engine: 'sqlite', file });

    expect(await migrateDatabase(db, 'sqlite')).toEqual({ applied: [4, 5, 6, 7] });
    expect(await columnsOf(db)).toEqual(todaysColumns());
    const reopened = new SqliteDatabase(file, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(7);
    reopened.close();
  });

  // Two processes, as two replicas on one host would be: in one process better-sqlite3 cannot wait
  // for another connection's transaction (it blocks the event loop the holder needs).
  it('run once when two processes start together: BEGIN IMMEDIATE lets exactly one apply each step', async () => {
    const file = sqliteFile();
    const replicas = [startMigrator(file), startMigrator(file)];
    await Promise.all(replicas.map((r) => r.nextLine()));

    for (const replica of replicas) replica.process.stdin?.end('go\n');
    const applied = await Promise.all(replicas.map(async (r) => JSON.parse(await r.nextLine()) as number[]));
    await Promise.all(replicas.map((r) => r.process));

    expect(applied.flat().sort()).toEqual(ALL_VERSIONS);
    const { db } = connect({ engine: 'sqlite', file });
    expect(await recordedVersions(db)).toEqual(ALL_VERSIONS);
  });

  it('refuse a schema newer than this build, and change nothing', async () => {
    const { db } = connect({ engine: 'sqlite', file: sqliteFile() });
    await migrateDatabase(db, 'sqlite');
    await db
      .insertInto('schema_migrations')
      .values({ version: 8, name: 'from a newer build', applied_at: at })
      .execute();

    await expect(migrateDatabase(db, 'sqlite')).rejects.toThrow(
      'database schema version 8 is newer than this build knows (7)',
    );
    expect(await recordedVersions(db)).toEqual([...ALL_VERSIONS, 8]);
  });

  it('roll a failed step back whole: nothing of it stays, and it is not recorded', async () => {
    const { db } = connect({ engine: 'sqlite', file: sqliteFile() });
    const broken = [
      ...SCHEMA_MIGRATIONS.slice(0, 2),
      {
        version: 3,
        name: 'half a step',
        async up(tx: Kysely<unknown>) {
          await tx.schema.createTable('half').addColumn('id', 'text').execute();
          throw new Error('disk full');
        },
      },
    ];

    await expect(migrateDatabase(db, 'sqlite', { migrations: broken })).rejects.toThrow('disk full');
    expect(await recordedVersions(db)).toEqual([1, 2]);
    expect(Object.keys(await columnsOf(db))).not.toContain('half');
  });
});

describe.skipIf(server === undefined)('migrations on PostgreSQL', () => {
  it('make today’s tables, and running them again changes nothing', async () => {
    const { db } = connect(await postgres());

    expect(await migrateDatabase(db, 'postgres')).toEqual({ applied: ALL_VERSIONS });
    expect(await migrateDatabase(db, 'postgres')).toEqual({ applied: [] });
    expect(await recordedVersions(db)).toEqual(ALL_VERSIONS);
    expect(await columnsOf(db)).toEqual(todaysColumns('postgres'));
  });

  it('run once when two replicas start together: each step is applied by exactly one of them', async () => {
    const target = await postgres();
    const [first, second] = [connect(target).db, connect(target).db];

    const results = await Promise.all([
      migrateDatabase(first, 'postgres'),
      migrateDatabase(second, 'postgres'),
    ]);

    expect([...results[0].applied, ...results[1].applied].sort()).toEqual(ALL_VERSIONS);
    expect(await recordedVersions(first)).toEqual(ALL_VERSIONS);
    expect(await columnsOf(second)).toEqual(todaysColumns('postgres'));
  });

  it('refuse a schema newer than this build', async () => {
    const { db } = connect(await postgres());
    await migrateDatabase(db, 'postgres');
    await db
      .insertInto('schema_migrations')
      .values({ version: 8, name: 'from a newer build', applied_at: at })
      .execute();

    await expect(migrateDatabase(db, 'postgres')).rejects.toThrow(
      'database schema version 8 is newer than this build knows (7)',
    );
  });
});

// The pattern #16 point 2 builds the store's claims on: one conditional UPDATE, whose row count says who won.
async function claim(db: Kysely<Database>, approver: string): Promise<boolean> {
  const result = await db
    .updateTable('requests')
    .set({ status: 'approved', decided_by: approver, decided_at: at })
    .where('id', '=', 'r-1')
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

async function insertPendingRequest(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('requests')
    .values({
      id: 'r-1',
      procedure: 'remove-stuck-machines',
      params: '{}',
      plan: '{}',
      plan_fingerprint: 'f',
      cluster: 'talos-prod',
      requester: 'U0ALICE',
      channel: 'C0OPS',
      status: 'pending',
      created_at: at,
      expires_at: at,
      card_ts: null,
      decided_at: null,
      decided_by: null,
      outcome: null,
      resumes_run: null,
    })
    .execute();
}

async function claimTwentyTimes(replicas: Kysely<Database>[]) {
  const approvers = Array.from({ length: 20 }, (_, i) => `U0APPROVER${i}`);
  const won = await Promise.all(approvers.map((a, i) => claim(replicas[i % replicas.length]!, a)));
  const row = await replicas[0]!
    .selectFrom('requests')
    .select(['status', 'decided_by'])
    .executeTakeFirstOrThrow();
  return { winners: approvers.filter((_, i) => won[i]), row };
}

describe('a conditional-update claim through Kysely', () => {
  it('is won exactly once on SQLite, from two connections to one file', async () => {
    const file = sqliteFile();
    const replicas = [connect({ engine: 'sqlite', file }).db, connect({ engine: 'sqlite', file }).db];
    await migrateDatabase(replicas[0]!, 'sqlite');
    await insertPendingRequest(replicas[0]!);

    const { winners, row } = await claimTwentyTimes(replicas);

    expect(winners).toHaveLength(1);
    expect(row).toEqual({ status: 'approved', decided_by: winners[0] });
  });

  it.skipIf(server === undefined)(
    'is won exactly once on PostgreSQL, from two pools claiming at once',
    async () => {
      const target = await postgres(10);
      const replicas = [connect(target).db, connect(target).db];
      await migrateDatabase(replicas[0]!, 'postgres');
      await insertPendingRequest(replicas[0]!);

      const { winners, row } = await claimTwentyTimes(replicas);

      expect(winners).toHaveLength(1);
      expect(row).toEqual({ status: 'approved', decided_by: winners[0] });
    },
  );
});

describe.each([
  ['sqlite', () => ({ engine: 'sqlite', file: sqliteFile() }) as DatabaseTarget],
  ['postgres', () => postgres()],
] as const)('the audit on %s', (engine, target) => {
  it.skipIf(engine === 'postgres' && server === undefined)('refuses an update or a delete', async () => {
    const { db } = connect(await target());
    await migrateDatabase(db, engine);
    await db.insertInto('audit').values({ at, actor: 'U0ALICE', action: 'approve' }).execute();

    await expect(db.updateTable('audit').set({ actor: 'U0MALLORY' }).execute()).rejects.toThrow(
      'audit is append-only',
    );
    await expect(db.deleteFrom('audit').execute()).rejects.toThrow('audit is append-only');
    expect(await db.selectFrom('audit').select(['id', 'actor']).execute()).toEqual([
      { id: 1, actor: 'U0ALICE' },
    ]);
  });
});

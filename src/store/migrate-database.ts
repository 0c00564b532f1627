import { type Kysely, sql } from 'kysely';
import type { Engine } from './connect-database.js';
import type { Database } from './database-schema.js';
import { SCHEMA_MIGRATIONS, type SchemaMigration } from './schema-migrations.js';

// Any fixed 64-bit key shared by every replica of this bot; 'omni' in ASCII.
const MIGRATION_LOCK_KEY = 0x6f6d6e69;

export type MigrationResult = { applied: number[] };

/**
 * Brings the schema up to date. Each pending migration runs in a transaction of its own that first
 * takes the migration lock, so when several replicas start at once exactly one applies each step and
 * the others, once the lock is theirs, find it recorded and go on. PostgreSQL: a transaction-scoped
 * advisory lock. SQLite: BEGIN IMMEDIATE, which takes the file's write lock (others wait busy_timeout).
 */
export async function migrateDatabase(
  db: Kysely<Database>,
  engine: Engine,
  options: { migrations?: readonly SchemaMigration[]; now?: () => Date } = {},
): Promise<MigrationResult> {
  const migrations = options.migrations ?? SCHEMA_MIGRATIONS;
  const now = options.now ?? (() => new Date());
  const applied: number[] = [];
  for (;;) {
    const version = await underMigrationLock(db, engine, async (tx) => {
      await prepareMigrationsTable(tx, engine, migrations, now);
      const done = new Set(
        (await tx.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version),
      );
      const newest = Math.max(0, ...done);
      if (newest > migrations.length) {
        throw new Error(
          `database schema version ${newest} is newer than this build knows (${migrations.length})`,
        );
      }
      const next = migrations.find((migration) => !done.has(migration.version));
      if (next === undefined) return undefined;
      await next.up(tx, engine);
      await tx
        .insertInto('schema_migrations')
        .values({ version: next.version, name: next.name, applied_at: now().toISOString() })
        .execute();
      // Kept in step, so that an older build, which counted its steps there, refuses a newer file.
      if (engine === 'sqlite') await sql.raw(`PRAGMA user_version = ${next.version}`).execute(tx);
      return next.version;
    });
    if (version === undefined) return { applied };
    applied.push(version);
  }
}

async function underMigrationLock<T>(
  db: Kysely<Database>,
  engine: Engine,
  work: (tx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (engine === 'postgres') {
    return db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
      return work(tx);
    });
  }
  // Kysely's SQLite transactions begin DEFERRED; the lock must be taken before the first read.
  return db.connection().execute(async (connection) => {
    await sql`BEGIN IMMEDIATE`.execute(connection);
    try {
      const result = await work(connection);
      await sql`COMMIT`.execute(connection);
      return result;
    } catch (error) {
      await sql`ROLLBACK`.execute(connection);
      throw error;
    }
  });
}

// A SQLite file made before this table existed (by the synchronous store, before issue #16) counts
// its steps in PRAGMA user_version, with the same numbering: those are recorded, not run again.
async function prepareMigrationsTable(
  tx: Kysely<Database>,
  engine: Engine,
  migrations: readonly SchemaMigration[],
  now: () => Date,
): Promise<void> {
  await tx.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  if (engine !== 'sqlite') return;
  const { rows } = await sql<{ user_version: number }>`PRAGMA user_version`.execute(tx);
  const legacy = rows[0]?.user_version ?? 0;
  if (legacy === 0) return;
  const recorded = await tx.selectFrom('schema_migrations').select('version').limit(1).execute();
  if (recorded.length > 0) return;
  if (legacy > migrations.length) {
    throw new Error(
      `database schema version ${legacy} is newer than this build knows (${migrations.length})`,
    );
  }
  await tx
    .insertInto('schema_migrations')
    .values(
      migrations
        .filter((migration) => migration.version <= legacy)
        .map((migration) => ({
          version: migration.version,
          name: migration.name,
          applied_at: now().toISOString(),
        })),
    )
    .execute();
}

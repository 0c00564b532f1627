import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type SqliteDatabase as KyselySqlite, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database-schema.js';

/** Where the state lives: the embedded SQLite file (the default) or a PostgreSQL server (issue #16). */
export type DatabaseTarget =
  | { engine: 'sqlite'; file: string }
  | { engine: 'postgres'; url: string; poolSize: number };

export type Engine = DatabaseTarget['engine'];

export type ConnectedDatabase = {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
};

/** The target a configuration names: PostgreSQL when DATABASE_URL is set, else the STATE_DB file. */
export function databaseTargetFrom(config: {
  stateDb: string;
  database?: { url: string; poolSize: number };
}): DatabaseTarget {
  return config.database
    ? { engine: 'postgres', url: config.database.url, poolSize: config.database.poolSize }
    : { engine: 'sqlite', file: config.stateDb };
}

// One Kysely over either engine: the queries are written once and each dialect renders its SQL.
// Nothing here migrates; migrate-database.ts does, under a lock shared by every replica.
export function connectDatabase(target: DatabaseTarget): ConnectedDatabase {
  if (target.engine === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize,
      // A replica paused or cut off mid-transaction must not hold a request's row, or every
      // connection of the other replica, for as long as TCP takes to notice: waits end with an error
      // (the click is answered, the watcher's next poll tries again) and a dead peer is noticed.
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      options: '-c lock_timeout=15s -c idle_in_transaction_session_timeout=60s -c statement_timeout=60s',
    });
    // An idle client whose server went away emits 'error'; unhandled, it would end the process.
    // The next query on the pool reports the failure where it can be handled.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: preparedOnce(openSqliteFile(target.file)) }),
  });
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

// Kysely's SQLite driver prepares every query it runs; the store runs a few dozen shapes of query,
// so each is prepared once and reused (a claim transaction's median: 0.08 ms without, 0.05 with). Bounded, in
// case some query's text varies with its input (an IN list).
const PREPARED_MAX = 500;
function preparedOnce(sqlite: SqliteDatabase.Database): KyselySqlite {
  const prepared = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = prepared.get(sql);
      if (statement === undefined) {
        if (prepared.size >= PREPARED_MAX) prepared.clear();
        statement = sqlite.prepare(sql);
        prepared.set(sql, statement);
      }
      return statement;
    },
  };
}

// WAL and a busy timeout: several processes (replicas, a restart racing the old one) may share a file.
function openSqliteFile(file: string): SqliteDatabase.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // Another process (a second replica starting, a restart racing the old one) may hold a lock
  // briefly; set first, so that switching the journal to WAL waits for it too.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  return sqlite;
}

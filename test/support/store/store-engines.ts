import type { Kysely } from 'kysely';
import { afterAll, afterEach, describe } from 'vitest';
import { connectDatabase, type Engine } from '../../../src/store/connect-database.js';
import { type Store, storeOn } from '../../../src/store/create-store.js';
import type { Database } from '../../../src/store/database-schema.js';
import { migrateDatabase } from '../../../src/store/migrate-database.js';
import { startPostgresTestServer } from '../postgres/start-postgres-test-server.js';

export type OpenedStore = { store: Store; db: Kysely<Database> };

export type StoreEngine = {
  engine: Engine;
  /** A fresh, migrated store of its own (SQLite :memory:, or a new PostgreSQL database), closed after the test. */
  open(options?: { poolSize?: number }): Promise<OpenedStore>;
  /** Another store on the database `opened` is on: a second replica (PostgreSQL only). */
  another(opened: OpenedStore, options?: { poolSize?: number }): Promise<OpenedStore>;
};

/**
 * The store's contract tests on both engines: call at the top of a test file, then
 * `describeEachEngine(title, (engine) => { it(...) })`. Starts one PostgreSQL server for the file;
 * without PostgreSQL its half is skipped with a message (under CI=true that is an error).
 */
export async function storeEngines() {
  const server = await startPostgresTestServer();
  afterAll(() => server?.stop());
  const opened: OpenedStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => o.store.close()));
  });
  const urls = new WeakMap<Kysely<Database>, string>();

  const sqlite: StoreEngine = {
    engine: 'sqlite',
    async open() {
      const { db } = connectDatabase({ engine: 'sqlite', file: ':memory:' });
      await migrateDatabase(db, 'sqlite');
      const result = { store: storeOn(db, 'sqlite'), db };
      opened.push(result);
      return result;
    },
    another() {
      throw new Error('a second SQLite store on one :memory: database does not exist');
    },
  };
  const onUrl = async (url: string, poolSize: number, migrate: boolean) => {
    const { db } = connectDatabase({ engine: 'postgres', url, poolSize });
    urls.set(db, url);
    if (migrate) await migrateDatabase(db, 'postgres');
    const result = { store: storeOn(db, 'postgres'), db };
    opened.push(result);
    return result;
  };
  const postgres: StoreEngine = {
    engine: 'postgres',
    open: async (options) => onUrl(await server!.createDatabase(), options?.poolSize ?? 4, true),
    another: (first, options) => onUrl(urls.get(first.db)!, options?.poolSize ?? 4, false),
  };

  return {
    postgresAvailable: server !== undefined,
    describeEachEngine(title: string, body: (engine: StoreEngine) => void): void {
      describe.each([
        ['sqlite', sqlite, false],
        ['postgres', postgres, server === undefined],
      ] as const)(`${title} on %s`, (_name, engine, skip) => {
        if (skip) describe.skip('PostgreSQL is not installed', () => body(engine));
        else body(engine);
      });
    },
  };
}

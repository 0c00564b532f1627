import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgresTestServer } from '../../test/support/postgres/start-postgres-test-server.js';
import { connectDatabase, databaseTargetFrom } from './connect-database.js';

// Undefined (and the PostgreSQL test skipped) when PostgreSQL is not installed; under CI=true it throws.
const server = await startPostgresTestServer();
afterAll(() => server?.stop());

describe('databaseTargetFrom', () => {
  it('is the STATE_DB file without DATABASE_URL, and PostgreSQL with its pool size with it', () => {
    expect(databaseTargetFrom({ stateDb: './data/state.sqlite' })).toEqual({
      engine: 'sqlite',
      file: './data/state.sqlite',
    });
    expect(
      databaseTargetFrom({
        stateDb: './data/state.sqlite',
        database: { url: 'postgres://omni@db.internal/omni', poolSize: 4 },
      }),
    ).toEqual({ engine: 'postgres', url: 'postgres://omni@db.internal/omni', poolSize: 4 });
  });
});

describe.skipIf(server === undefined)('connectDatabase on PostgreSQL', () => {
  it('opens no more connections than the pool size, however many queries wait', async () => {
    const { db, engine, close } = connectDatabase({
      engine: 'postgres',
      url: await server!.createDatabase(),
      poolSize: 2,
    });
    try {
      const pids = await Promise.all(
        Array.from({ length: 6 }, () =>
          sql<{ pid: number }>`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`.execute(db),
        ),
      );

      expect(engine).toBe('postgres');
      expect(new Set(pids.map((r) => r.rows[0]?.pid)).size).toBe(2);
    } finally {
      await close();
    }
  });
});

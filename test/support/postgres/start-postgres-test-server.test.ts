import { existsSync, statSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgresTestServer } from './start-postgres-test-server.js';

// Undefined (and the tests skipped) when PostgreSQL is not installed; under CI=true it throws instead.
const server = await startPostgresTestServer();
afterAll(() => server?.stop());

describe.skipIf(server === undefined)('the PostgreSQL test server', () => {
  it('serves a database of its own to each caller on 127.0.0.1', async () => {
    const [first, second] = [await server!.createDatabase(), await server!.createDatabase()];
    expect(first).not.toBe(second);
    // postgres refuses root: as root (CI) the cluster belongs to an unprivileged user.
    if (process.getuid?.() === 0) expect(statSync(server!.dir).uid).not.toBe(0);

    const client = new pg.Client({ connectionString: first });
    await client.connect();
    try {
      await client.query('CREATE TABLE only_here (id integer)');
      const { rows } = await client.query(
        'SELECT current_database() AS db, inet_server_addr()::text AS addr',
      );
      expect(rows[0]).toEqual({ db: 'test_1', addr: '127.0.0.1/32' });
    } finally {
      await client.end();
    }
    const other = new pg.Client({ connectionString: second });
    await other.connect();
    try {
      const { rows } = await other.query("SELECT to_regclass('only_here') AS table");
      expect(rows[0].table).toBeNull();
    } finally {
      await other.end();
    }
  });

  it('stops and removes its cluster', async () => {
    const another = await startPostgresTestServer();
    expect(existsSync(another!.dir)).toBe(true);
    await another!.stop();

    const client = new pg.Client({
      connectionString: another!.url('postgres'),
      connectionTimeoutMillis: 1_000,
    });
    client.on('error', () => undefined);
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
    expect(existsSync(another!.dir)).toBe(false);
  });
});

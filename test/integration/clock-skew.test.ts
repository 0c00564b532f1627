// Replicas compare their clocks through the database (run heartbeats, the watcher's lease, outbox
// claims): a replica whose clock is far off the PostgreSQL server's says so at start-up (issue #16).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { skipWithoutPostgres } from '../support/postgres/find-postgres.js';
import {
  type PostgresTestServer,
  startPostgresTestServer,
} from '../support/postgres/start-postgres-test-server.js';

const WARNING = "this replica's clock differs from the database server's";

describe.skipIf(skipWithoutPostgres('the clock-skew test'))(
  "a replica's clock against the database server's",
  () => {
    let server: PostgresTestServer | undefined;
    beforeAll(async () => {
      server = await startPostgresTestServer();
    }, 60_000);
    afterAll(async () => server?.stop());

    async function startOn(now: string): Promise<Harness> {
      return startHarness({ now, env: { DATABASE_URL: await server!.createDatabase() } });
    }
    const warnings = (h: Harness) =>
      h.logs
        .map((line) => JSON.parse(line) as { msg: string; skewMs?: number })
        .filter((l) => l.msg.startsWith(WARNING));

    it('warns at start-up, with the skew, when the clocks are an hour apart', async () => {
      const h = await startOn(new Date(Date.now() - 3_600_000).toISOString());
      try {
        const [warning] = warnings(h);
        expect(warning?.skewMs).toBeGreaterThan(3_500_000);
        expect(warning?.skewMs).toBeLessThan(3_700_000);
      } finally {
        await h.stop();
      }
    });

    it('says nothing when the clocks agree', async () => {
      // The harness's clock stands still from `now`; a little ahead, it stays within the 5 s allowance
      // for as long as start-up takes (up to 7.5 s).
      const h = await startOn(new Date(Date.now() + 2_500).toISOString());
      try {
        expect(warnings(h)).toEqual([]);
        expect(h.logs.some((line) => line.includes('omni-chatops started'))).toBe(true);
      } finally {
        await h.stop();
      }
    });
  },
);

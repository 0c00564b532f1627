// Replicas compare times that different replicas wrote (run heartbeats, the watcher's lease, outbox
// claims). A replica on a host whose clock runs a minute ahead must not take a live run over from
// another replica: on PostgreSQL every replica keeps the database server's time. Two bot processes
// on one PostgreSQL; replica-b's clock is moved 60 s ahead by a preload (test/support/skewed-clock.mjs).
import { afterAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { USERS } from '../support/bot-harness.js';
import { killProcessesWithEnv } from '../support/bot-process.js';
import { skipWithoutPostgres } from '../support/postgres/find-postgres.js';
import type { Replica } from '../support/replica-harness.js';
import {
  forcedDeleteRunning,
  replicasOnPostgres,
  requestRemovalThrough,
} from '../support/replica-removal.js';

const noPostgres = skipWithoutPostgres('the replica clock-skew test');
const SKEW_MS = 60_000;

describe.skipIf(noPostgres)('a replica whose clock runs a minute ahead, on PostgreSQL', () => {
  const on = replicasOnPostgres({
    env: {
      RUN_TAKEOVER_AFTER: '10s',
      TEST_CLOCK_SKEW_MS: String(SKEW_MS),
      TEST_CLOCK_SKEW_REPLICA: 'replica-b',
    },
    entry: ['--import', 'tsx', '--import', './test/support/skewed-clock.mjs', 'src/main.ts'],
  });
  // The hung forced delete of replica-a's run would outlive the replicas.
  afterAll(() => {
    killProcessesWithEnv(on.h?.omni.statePath ?? '/nonexistent');
  });

  it("says its clock is off, keeps the server's time, and leaves the other replica's live run alone", async () => {
    const { h, store } = on;
    const [a, b] = h.replicas as [Replica, Replica];
    // replica-b's clock really is a minute ahead of the server's, and it says so at start-up.
    const skew = b.logs().find((l) => String(l.msg).startsWith("this replica's clock differs"));
    expect(Number(skew?.skewMs)).toBeLessThan(-SKEW_MS + 5_000);
    expect(a.logs().some((l) => String(l.msg).startsWith("this replica's clock differs"))).toBe(false);

    // A removal whose forced delete hangs runs on replica-a, heartbeating.
    await h.omni.injectFault({ match: ['cluster', 'machine', 'delete'], hang: true });
    const card = await requestRemovalThrough(h, a);
    await h.click(card, ACTION.approve, { userId: USERS.bob, via: a });
    const runId = await forcedDeleteRunning(store, card, 'replica-a');

    // replica-b starts again: its start-up looks for runs whose replica stopped heartbeating
    // (before it answers health checks). By its own clock replica-a's last heartbeat is a minute
    // old, six times RUN_TAKEOVER_AFTER.
    await b.restart();

    expect(await store.runs.get(runId)).toMatchObject({ status: 'running', owner: 'replica-a' });
    expect((await store.audit.all()).filter((e) => e.action === 'run.taken-over')).toEqual([]);
    expect(b.logs().some((l) => l.msg === 'took over the run of a replica that stopped heartbeating')).toBe(
      false,
    );
    expect(
      h.slack.calls.some(
        (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('was interrupted'),
      ),
    ).toBe(false);
  }, 180_000);
});

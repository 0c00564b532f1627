// Issue #16 acceptance: the watcher with two replicas (two bot processes) on one PostgreSQL
// database. One alert per condition; kill -9 of the leader → the other leads (its /readyz says so)
// and repeats no alert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENTS } from '../support/bot-harness.js';
import { skipWithoutPostgres } from '../support/postgres/find-postgres.js';
import { type Replica, type ReplicaHarness, startReplicas } from '../support/replica-harness.js';
import { waitUntil } from '../support/wait-until.js';

const noPostgres = skipWithoutPostgres('the two-replica watcher test');

async function watcherSays(replica: Replica): Promise<string | undefined> {
  const response = await fetch(`http://127.0.0.1:${replica.process.port}/readyz`);
  return ((await response.json()) as { watcher?: string }).watcher;
}

async function leaderGauge(replica: Replica): Promise<string | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${replica.process.port}/metrics`)).text();
  return text.split('\n').find((line) => line.startsWith('omni_chatops_watcher_leader{'));
}

const polls = (replica: Replica) => replica.logs().filter((line) => line.msg === 'watch poll done').length;

// The alerts posted to the incident channel by either replica: top-level posts (resolutions are
// edits, notes go in threads), each with its text.
const alertsOf = (h: ReplicaHarness) =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((call) => call.params.channel === INCIDENTS && call.params.thread_ts === undefined)
    .map((call) => String(call.params.text));

// The alerts edited to say they are resolved: the ts of each such edit.
const resolutionsOf = (h: ReplicaHarness) =>
  h.slack
    .callsTo('chat.update')
    .filter((call) => call.params.channel === INCIDENTS && /Resolved/.test(String(call.params.text)))
    .map((call) => String(call.params.ts));

describe.skipIf(noPostgres)('the watcher with two replicas on one PostgreSQL database', () => {
  let h: ReplicaHarness;

  beforeAll(async () => {
    // A short interval, so a takeover is seconds; debug logs say when a poll is done.
    h = await startReplicas({ database: 'postgres', env: { WATCH_INTERVAL: '1s', LOG_LEVEL: 'debug' } });
  }, 90_000);
  afterAll(() => h?.stop());

  it('one replica polls and alerts once per condition; kill -9 of it: the other leads and repeats no alert', {
    timeout: 120_000,
  }, async () => {
    const [a, b] = h.replicas as [Replica, Replica];
    // replica-a started first and took the free lease; replica-b follows it.
    await waitUntil('replica-a leading', async () =>
      (await watcherSays(a)) === 'leading' ? true : undefined,
    );
    await waitUntil('replica-b following', async () =>
      (await watcherSays(b)) === 'following replica-a' ? true : undefined,
    );
    const gaugesBefore = [await leaderGauge(a), await leaderGauge(b)];
    const alerted = await waitUntil('the alerts', () => (alertsOf(h).length > 0 ? true : undefined), 60_000);
    // Several polls after the first alert: none repeats it.
    const pollsAtAlert = polls(a);
    await waitUntil(
      'three more polls by replica-a',
      () => (polls(a) >= pollsAtAlert + 3 ? true : undefined),
      60_000,
    );
    const beforeKill = alertsOf(h);
    const pollsOfB = polls(b);

    await a.kill();
    const killedAt = Date.now();
    await waitUntil(
      'replica-b leading',
      async () => ((await watcherSays(b)) === 'leading' ? true : undefined),
      30_000,
    );
    const takeoverMs = Date.now() - killedAt;
    await waitUntil('three polls by replica-b', () => (polls(b) >= 3 ? true : undefined), 60_000);
    const afterTakeover = alertsOf(h);
    // The provider comes back: replica-b resolves replica-a's alert, once.
    await h.omni.update((state) => {
      const account = state.serviceAccounts.find((a) => a.name === 'infra-provider:proxmox')!;
      for (const key of account.keys) key.expiration = '2099-01-01T00:00:00Z';
    });
    await h.omni.setProviderConnected(false);
    await h.omni.setProviderConnected(true);
    const resolved = await waitUntil(
      'the provider alert resolved',
      () => resolutionsOf(h).length > 0 || undefined,
      60_000,
    );
    const pollsAtResolution = polls(b);
    await waitUntil(
      'three more polls by replica-b',
      () => (polls(b) >= pollsAtResolution + 3 ? true : undefined),
      60_000,
    );

    expect(alerted).toBe(true);
    expect(beforeKill).toHaveLength(2);
    expect(beforeKill).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Machine stuck tearing down'),
        expect.stringContaining('Infra provider down'),
      ]),
    );
    expect(gaugesBefore).toEqual([
      'omni_chatops_watcher_leader{replica="replica-a"} 1',
      'omni_chatops_watcher_leader{replica="replica-b"} 0',
    ]);
    expect(beforeKill).toEqual([...new Set(beforeKill)]);
    expect(pollsOfB).toBe(0);
    // Two intervals (2 s), with room for a loaded host.
    expect(takeoverMs).toBeLessThan(15_000);
    expect(await leaderGauge(b)).toBe('omni_chatops_watcher_leader{replica="replica-b"} 1');
    expect(afterTakeover).toEqual(beforeKill);
    expect(resolved).toBe(true);
    expect(alertsOf(h)).toEqual(beforeKill);
    const providerAlert = h.slack.channelMessages(INCIDENTS).find((m) => m.text.includes('proxmox'))!;
    expect(resolutionsOf(h)).toEqual([providerAlert.ts]);
    expect(h.slack.thread(INCIDENTS, providerAlert.ts).filter((m) => /Resolved/.test(m.text))).toHaveLength(
      2,
    );
    expect(
      b.logs().filter((line) => line.msg === 'this replica leads the watcher: it polls Omni'),
    ).toHaveLength(1);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { createStore } from '../../src/store/create-store.js';
import { storedMessage, W3 } from '../support/approval-flow.js';
import {
  CHANNEL,
  type Harness,
  INCIDENTS,
  SCENARIO_NOW,
  startHarness,
  USERS,
} from '../support/bot-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function watchUntilAlerts(h: Harness) {
  await h.bot.watch();
  h.clock.advance(3 * 60_000);
  await h.bot.watch();
}

// What /readyz and /metrics say about the watcher (issue #16: one replica polls).
async function watcherState(h: Harness) {
  const base = `http://127.0.0.1:${h.bot.port}`;
  const ready = (await (await fetch(`${base}/readyz`)).json()) as { watcher?: string };
  const metrics = await (await fetch(`${base}/metrics`)).text();
  return {
    readyz: ready.watcher,
    leader: metrics.split('\n').filter((l) => l.startsWith('omni_chatops_watcher_leader{')),
  };
}

describe('the watcher inside the running bot', () => {
  it('says on /readyz and /metrics that this replica leads the watcher', { timeout: 60_000 }, async () => {
    harness = await startHarness({ env: { REPLICA_ID: 'replica-a' } });

    const state = await watcherState(harness);

    expect(state).toEqual({
      readyz: 'leading',
      leader: ['omni_chatops_watcher_leader{replica="replica-a"} 1'],
    });
  });

  it('follows the replica holding the watcher lease, polls nothing, and leads once that lease runs out', {
    timeout: 60_000,
  }, async () => {
    const stateDb = path.join(mkdtempSync(path.join(tmpdir(), 'omni-chatops-')), 'state.sqlite');
    const other = await createStore(stateDb);
    const at = Date.parse(SCENARIO_NOW);
    await other.leases.acquire('watcher', 'replica-b', SCENARIO_NOW, new Date(at + 75_000).toISOString());
    await other.close();
    harness = await startHarness({ stateDb, env: { REPLICA_ID: 'replica-a' } });

    const following = await watcherState(harness);
    const whileFollowing = [await harness.bot.watch()];
    harness.clock.advance(70_000);
    whileFollowing.push(await harness.bot.watch());
    const postedWhileFollowing = harness.slack.channelMessages(INCIDENTS).length;
    harness.clock.advance(5_000);
    await watchUntilAlerts(harness);
    const leading = await watcherState(harness);

    expect(following).toEqual({
      readyz: 'following replica-b',
      leader: ['omni_chatops_watcher_leader{replica="replica-a"} 0'],
    });
    expect(whileFollowing.map((poll) => (poll as { omni: string }).omni)).toEqual(['skipped', 'skipped']);
    expect(postedWhileFollowing).toBe(0);
    expect(leading).toEqual({
      readyz: 'leading',
      leader: ['omni_chatops_watcher_leader{replica="replica-a"} 1'],
    });
    expect(harness.slack.channelMessages(INCIDENTS).length).toBeGreaterThan(0);
  });

  it('alerts the incident channel, and Diagnose posts the read-only report in the alert thread', {
    timeout: 60_000,
  }, async () => {
    harness = await startHarness();

    await watchUntilAlerts(harness);
    const alerts = harness.slack.channelMessages(INCIDENTS);
    const stuck = alerts.find((m) => JSON.stringify(m.blocks).includes(W3));
    expect(stuck?.text).toContain('stuck tearing down');
    expect(alerts.some((m) => /provider/i.test(m.text))).toBe(true);

    const from = harness.slack.calls.length;
    await harness.click(stuck!, ACTION.diagnose, { userId: USERS.carol });
    const report = await harness.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.params.thread_ts === stuck!.ts,
      { from },
    );

    expect(String(report.params.text)).toMatch(/stuck machine/);
    expect(JSON.stringify(report.params.blocks)).toContain(W3);
  });

  it('does not post the same alert twice on later polls', { timeout: 60_000 }, async () => {
    harness = await startHarness();
    await watchUntilAlerts(harness);
    const count = harness.slack.channelMessages(INCIDENTS).length;

    harness.clock.advance(60_000);
    await harness.bot.watch();

    expect(harness.slack.channelMessages(INCIDENTS)).toHaveLength(count);
  });

  it('/omni status shows the cluster, the provider and the open alerts', { timeout: 60_000 }, async () => {
    harness = await startHarness();
    await watchUntilAlerts(harness);
    const from = harness.slack.calls.length;

    await harness.command('status talos-prod');
    const post = storedMessage(
      harness.slack,
      await harness.slack.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === CHANNEL, {
        from,
      }),
    );

    const text = JSON.stringify(post.blocks);
    expect(text).toContain('talos-prod');
    expect(text).toMatch(/DESTROYING|Destroying/);
    expect(text).toMatch(/disconnected/i);
    expect(text).toMatch(/alert/i);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { storedMessage, W3 } from '../support/approval-flow.js';
import { CHANNEL, type Harness, INCIDENTS, startHarness, USERS } from '../support/bot-harness.js';

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

describe('the watcher inside the running bot', () => {
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

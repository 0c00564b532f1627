import { afterEach, describe, expect, it } from 'vitest';
import { createFakeOmni } from '../fakes/omnictl/fake-omni.js';
import { CHANNEL, type Harness, startHarness } from '../support/bot-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('a stuck-machines report past Block Kit limits', () => {
  it('pages the list into the thread, every message within the limits the fake Slack enforces', async () => {
    const omni = await createFakeOmni({ scenario: { machines: 400, stuckRatio: 0.3 } });
    harness = await startHarness({ omni, now: new Date().toISOString() });

    await harness.command('stuck-machines');
    const first = await harness.slack.waitFor('chat.postMessage', { timeoutMs: 20_000 });
    const stuck = Number(/^(\d+) stuck machines/.exec(String(first.params.text))?.[1]);
    const pages = Math.ceil((stuck - 40) / 45);
    await harness.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        String(c.params.text).endsWith(`page ${pages + 1} of ${pages + 1}`),
      { timeoutMs: 20_000 },
    );

    const posts = harness.slack.callsTo('chat.postMessage');
    expect(stuck).toBeGreaterThan(85);
    expect(posts.every((c) => c.response.ok === true)).toBe(true);
    expect(posts.every((c) => (c.params.blocks as unknown[]).length <= 50)).toBe(true);
    expect(posts.slice(1).every((c) => c.params.thread_ts === first.response.ts)).toBe(true);
    const listed = posts.flatMap(
      (c) => JSON.stringify(c.params.blocks).match(/stuck\.request-removal"/g) ?? [],
    );
    expect(listed).toHaveLength(stuck);
    expect(harness.slack.channelMessages(CHANNEL)).toHaveLength(1);
  });
});

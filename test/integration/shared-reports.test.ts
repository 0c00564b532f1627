import { afterEach, describe, expect, it } from 'vitest';
import { isOmnictlRunning } from '../faults/omnictl-processes.js';
import { type Harness, startHarness, USERS } from '../support/bot-harness.js';
import { waitUntil } from '../support/wait-until.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('one report of a kind per cluster in flight', () => {
  it('a second person asking for the same report while it is being made gets it, without reading Omni again', async () => {
    harness = await startHarness();
    const h = harness;
    // The report's node-log reads take a while: the second request comes in the middle of them,
    // after the report's first reads have finished (so sharing reads alone would not help).
    await h.omni.injectFault({ match: ['machine-logs'], delayMs: 1_500 });
    await h.command('reboot-loop talos-prod', { userId: USERS.alice });
    await waitUntil('the report reading node logs', () =>
      isOmnictlRunning(['machine-logs'], h.omni.statePath) ? true : undefined,
    );
    const before = await h.omniLog();

    await h.command('reboot-loop talos-prod', { userId: USERS.carol });
    const reports = await waitUntil('both reports', () => {
      const posts = h.slack
        .callsTo('chat.postMessage')
        .filter((c) => JSON.stringify(c.params).includes('talos-prod'));
      return posts.length >= 2 ? posts : undefined;
    });
    const after = await h.omniLog();

    expect(reports).toHaveLength(2);
    // Carol's request read nothing of its own: Omni was read only by Alice's report.
    const gets = (log: typeof after) => log.filter((e) => e.argv[0] === 'get').map((e) => e.argv.join(' '));
    expect(gets(after)).toEqual(gets(before));
    expect(after.filter((e) => e.argv[0] === 'machine-logs').length).toBeGreaterThan(0);
  }, 60_000);
});

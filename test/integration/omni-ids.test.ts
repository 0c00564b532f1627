import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { mutatingCalls, nextResponse, storedMessage } from '../support/approval-flow.js';
import { FIXED_TEMPLATE, type Harness, startHarness, USERS } from '../support/bot-harness.js';

// w2 of the talos-prod scenario: the worker whose logs show the NodeRestriction loop.
const W2 = '6a4c8e2f-0b7d-4f19-93a5-d8e1c7b4f026';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

// Issue #22 point 4: an id read back from Omni is checked like one typed in Slack.
describe('machine ids from Omni’s output', () => {
  it.each(['--all', 'x; rm'])(
    'a label-loop diagnosis where Omni returns the machine id %j: refused before any omnictl call with it',
    async (bad) => {
      harness = await startHarness({ templates: { 'talos-prod': FIXED_TEMPLATE } });
      await harness.omni.update((state) => {
        for (const machine of state.machines) if (machine.uuid === W2) machine.uuid = bad;
      });

      const from = harness.slack.calls.length;
      await harness.command('reboot-loop talos-prod');
      const report = storedMessage(
        harness.slack,
        await harness.slack.waitFor('chat.postMessage', { from, timeoutMs: 10_000 }),
      );
      expect(JSON.stringify(report.blocks)).toContain('not a UUID');
      expect(JSON.stringify(report.blocks)).toContain('Their logs were not read');

      const responses = harness.slack.responses.length;
      const posts = harness.slack.calls.length;
      await harness.click(report, ACTION.requestLabelFix, { userId: USERS.alice });
      await Promise.race([
        nextResponse(harness, responses),
        harness.slack.waitFor('chat.postMessage', { from: posts, timeoutMs: 10_000 }),
      ]);

      const log = await harness.omniLog();
      expect(log.length).toBeGreaterThan(0);
      expect(log.filter((entry) => entry.argv.includes(bad))).toEqual([]);
      expect(mutatingCalls(log)).toEqual([]);
    },
  );
});

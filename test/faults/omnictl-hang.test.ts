import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { createStore } from '../../src/store/create-store.js';
import {
  mutatingCalls,
  nextResponse,
  requestCard,
  requestIdOf,
  W3,
  waitForSummary,
} from '../support/approval-flow.js';
import { type Harness, USERS } from '../support/bot-harness.js';
import { startFaultHarness } from '../support/fault-harness.js';
import { waitUntil } from '../support/wait-until.js';
import { isOmnictlRunning } from './omnictl-processes.js';

const RUNBOOK_DELETE = `delete clustermachines ${W3}`;
const LINK_REMOVAL = `cluster machine delete ${W3} --force -y`;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('omnictl hangs during a run', () => {
  it('ends the step at its timeout, fails the run once, releases the lock, and retries nothing', async () => {
    // A short step timeout keeps the test quick; the behaviour does not depend on its length.
    harness = await startFaultHarness({ overrides: { stepTimeouts: { commandMs: 1_500, pollMs: 5_000 } } });
    await harness.omni.injectFault({ match: ['cluster', 'machine', 'delete'], hang: true, times: 1 });
    const first = await requestCard(harness);

    await harness.click(first, ACTION.approve, { userId: USERS.bob });
    const failed = await waitForSummary(harness, first);
    const logAfterFailure = await harness.omniLog();

    expect(String(failed.params.text)).toMatch(
      /Failed: Step 2 \(Remove the machine's Link.*\) failed: omnictl did not finish in time and was stopped/,
    );
    // Killed at the timeout (SIGTERM), and not started again behind the user's back.
    expect(logAfterFailure.filter((e) => e.argv.join(' ') === LINK_REMOVAL)).toEqual([
      expect.objectContaining({ signal: 'SIGTERM' }),
    ]);
    expect(mutatingCalls(logAfterFailure)).toEqual([RUNBOOK_DELETE, LINK_REMOVAL]);
    const store = await createStore(harness.stateDb);
    expect((await store.requests.get(requestIdOf(first)))?.status).toBe('failed');
    expect((await store.runs.forRequest(requestIdOf(first)))?.status).toBe('failed');
    await store.close();
    const failureSummaries = harness.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.params.thread_ts === first.ts && /Failed/.test(String(c.params.text)));
    expect(failureSummaries).toHaveLength(1);

    // The cluster lock was released: a new request on the same cluster is approved and runs.
    const second = await requestCard(harness, `delete-clustermachine ${W3} second try`);
    await harness.click(second, ACTION.approve, { userId: USERS.bob });
    const succeeded = await waitForSummary(harness, second);

    expect(String(succeeded.params.text)).toContain('Succeeded: The machine is verified gone from Omni.');
    expect(mutatingCalls(await harness.omniLog())).toEqual([
      RUNBOOK_DELETE,
      LINK_REMOVAL,
      RUNBOOK_DELETE,
      LINK_REMOVAL,
    ]);
  });

  it('a report whose reads hang when the bot stops: the reads are stopped with it and the user is told', async () => {
    harness = await startFaultHarness();
    const h = harness;
    await h.omni.injectFault({ match: ['get'], hang: true, times: 50 });
    const from = h.slack.responses.length;
    await h.command('stuck-machines');
    await waitUntil('a read of the report to be running', () =>
      isOmnictlRunning(['get'], h.omni.statePath) ? true : undefined,
    );

    await h.stop({ keepFakes: true });
    const answer = String((await nextResponse(h, from)).body.text);
    const stillRunning = isOmnictlRunning(['get'], h.omni.statePath);
    const stoppedReads = h.logs.filter(
      (line) => line.includes('"msg":"omnictl call failed"') && line.includes('"kind":"aborted"'),
    );
    harness = undefined;
    await h.slack.close();
    await h.omni.cleanup();

    // Nothing outlives the bot: the reads it started were ended before stop() returned.
    expect(stillRunning).toBe(false);
    expect(stoppedReads.length).toBeGreaterThan(0);
    expect(answer).toMatch(
      /shutting down and stopped this omnictl call.*Run the command again once the bot is back/,
    );
    expect(h.logs.some((line) => line.includes('omnictl calls were still running'))).toBe(false);
    expect(h.logs.at(-1)).toContain('"msg":"omni-chatops stopped"');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import type { StoredMessage } from '../fakes/slack/fake-slack-types.js';
import {
  mutatingCalls,
  nextResponse,
  requestCard,
  storedMessage,
  W3,
  waitForSummary,
} from '../support/approval-flow.js';
import { type Harness, startHarness, USERS } from '../support/bot-harness.js';

const W1 = '1e7f9a3b-5c2d-4b68-8e0f-a3c6d9b2e574';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function disconnect(h: Harness, uuid: string): Promise<void> {
  await h.omni.update((state) => {
    for (const machine of state.machines) if (machine.uuid === uuid) machine.connected = false;
    return state;
  });
}

async function report(h: Harness): Promise<StoredMessage> {
  const from = h.slack.calls.length;
  await h.command('stuck-machines talos-prod');
  return storedMessage(h.slack, await h.slack.waitFor('chat.postMessage', { from }));
}

function cardFor(h: Harness, from: number) {
  return h.slack.waitFor(
    (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
    { from },
  );
}

describe('the stuck-machines report buttons', () => {
  it('request removal of one machine with its own approval card', async () => {
    harness = await startHarness();
    const message = await report(harness);
    const from = harness.slack.calls.length;

    await harness.click(message, ACTION.requestRemoval, { userId: USERS.alice, value: W3 });
    const card = await cardFor(harness, from);

    expect(JSON.stringify(card.params.blocks)).toContain(`omnictl cluster machine delete ${W3} --force -y`);
    expect(JSON.stringify(card.params.blocks)).toContain('Requested by <@U0ALICE>');
  });

  it('request removal of all stuck machines in one card, run once for all', async () => {
    harness = await startHarness();
    await disconnect(harness, W1);
    const message = await report(harness);
    const from = harness.slack.calls.length;

    await harness.click(message, ACTION.requestRemovalAll, { userId: USERS.alice });
    const card = storedMessage(harness.slack, await cardFor(harness, from));
    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, card);

    expect(card.text).toContain('Remove 2 stuck machines');
    expect(String(summary.params.text)).toContain('All 2 machines are verified gone from Omni.');
    expect(mutatingCalls(await harness.omniLog()).sort()).toEqual(
      [
        `cluster machine delete ${W1} --force -y`,
        `cluster machine delete ${W3} --force -y`,
        `delete clustermachines ${W1}`,
        `delete clustermachines ${W3}`,
      ].sort(),
    );
  });

  it('refuses a forged button value without calling omnictl', async () => {
    harness = await startHarness();
    const message = await report(harness);
    const before = (await harness.omniLog()).length;
    const from = harness.slack.responses.length;

    await harness.click(message, ACTION.requestRemoval, { userId: USERS.alice, value: '$(reboot)' });
    const answer = await nextResponse(harness, from);

    expect(String(answer.body.text)).toContain('not one the bot made');
    expect((await harness.omniLog()).length).toBe(before);
  });
});

describe('the per-cluster lock and cancelling a run', () => {
  it('refuses a second run on the cluster naming the holder, until the first is cancelled', async () => {
    harness = await startHarness();
    await disconnect(harness, W1);
    await harness.omni.injectFault({ match: ['cluster', 'machine', 'delete', W3], hang: true, times: 1 });
    const first = await requestCard(harness);
    const second = await requestCard(harness, `delete-clustermachine ${W1} node unreachable`);

    await harness.click(first, ACTION.approve, { userId: USERS.bob });
    const status = await harness.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === first.ts &&
        String(c.params.text).startsWith('Run `run-'),
    );
    await harness.slack.waitFor(
      (c) =>
        c.method === 'chat.update' &&
        JSON.stringify(c.params.blocks).includes('↳') === false &&
        /1\/4 steps done/.test(String(c.params.text)),
      { timeoutMs: 10_000 },
    );
    const from = harness.slack.responses.length;
    await harness.click(second, ACTION.approve, { userId: USERS.dave });
    const refusal = await nextResponse(harness, from);

    expect(String(refusal.body.text)).toMatch(
      /Cluster talos-prod is locked by run run-[0-9a-f]{12}, approved by <@U0BOB>/,
    );

    await harness.click(storedMessage(harness.slack, status), ACTION.cancelRun, { userId: USERS.bob });
    const cancelled = await waitForSummary(harness, first);
    expect(String(cancelled.params.text)).toContain('Cancelled');

    await harness.click(second, ACTION.approve, { userId: USERS.dave });
    const summary = await waitForSummary(harness, second);
    expect(String(summary.params.text)).toContain('verified gone');
    expect(mutatingCalls(await harness.omniLog()).filter((line) => line.includes(W3))).toEqual([
      `delete clustermachines ${W3}`,
      `cluster machine delete ${W3} --force -y`,
    ]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { mutatingCalls, requestCard, storedMessage } from '../support/approval-flow.js';
import { type Harness, startHarness, USERS } from '../support/bot-harness.js';

const W1 = '1e7f9a3b-5c2d-4b68-8e0f-a3c6d9b2e574';
const TEN_SECONDS_AGO = '2026-08-22T09:29:50Z';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

// W1 lost its link 10 s before the scenario's "now" (a reboot, as far as anyone can tell yet).
async function justLostItsLink(h: Harness): Promise<void> {
  await h.omni.update((state) => {
    for (const machine of state.machines) {
      if (machine.uuid !== W1) continue;
      machine.connected = false;
      machine.ready = false;
      machine.rev.machine = [8, TEN_SECONDS_AGO];
      machine.rev.clusterMachineStatus = [32, TEN_SECONDS_AGO];
    }
    return state;
  });
}

function approvalCards(h: Harness) {
  return h.slack.callsTo('chat.postMessage').filter((c) => String(c.params.text).includes('approval needed'));
}

describe('a machine unreachable for less than STUCK_AFTER', () => {
  it('cannot be requested for removal: `/omni delete-clustermachine` is refused with why and when; no card, nothing mutating', async () => {
    harness = await startHarness();
    await justLostItsLink(harness);

    await harness.command(`delete-clustermachine ${W1} node unreachable`, { userId: USERS.alice });
    const answer = await harness.slack.waitForResponse();

    expect(String(answer.body.text)).toContain(
      `Machine talos-prod-workers-q2w6fn (${W1}) has been unreachable for 10s only; a rebooting machine is unreachable for a while. It counts as stuck after STUCK_AFTER (10m): ask again from 2026-08-22 09:39:50 UTC.`,
    );
    expect(approvalCards(harness)).toEqual([]);
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);
  });

  it('shows in /omni stuck-machines as "unreachable for 10s" without a removal button, and is removable once STUCK_AFTER has passed', async () => {
    harness = await startHarness();
    await justLostItsLink(harness);

    const from = harness.slack.calls.length;
    await harness.command('stuck-machines talos-prod');
    const report = storedMessage(harness.slack, await harness.slack.waitFor('chat.postMessage', { from }));
    const blocks = JSON.stringify(report.blocks);

    expect(blocks).toContain('unreachable for 10s: Omni has no connection to it');
    expect(blocks).toContain('not removable yet');
    expect(blocks).not.toContain(`"value":"${W1}"`);
    expect(blocks).not.toContain(ACTION.requestRemovalAll);
    expect(String(report.text)).toBe('1 stuck machine in talos-prod');

    harness.clock.advance(10 * 60_000);
    const card = await requestCard(harness, `delete-clustermachine ${W1} still unreachable`);
    expect(JSON.stringify(card.blocks)).toContain(`omnictl cluster machine delete ${W1} --force -y`);
  });
});

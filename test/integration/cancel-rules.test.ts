import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, VIEW } from '../../src/slack/action-ids.js';
import type { StoredMessage } from '../fakes/slack/fake-slack-types.js';
import { mutatingCalls, nextResponse, storedMessage, waitForSummary } from '../support/approval-flow.js';
import { FIXED_TEMPLATE, type Harness, startHarness, USERS } from '../support/bot-harness.js';

// Issue #22 point 3: before a destructive step the requester or an approver may cancel; after
// one, only an approver, and the status message says what a cancel leaves behind.
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function recoveryHarness(): Promise<Harness> {
  const h = await startHarness({ scenario: 'healthy', templates: { 'talos-prod': FIXED_TEMPLATE } });
  await h.omni.update((state) => {
    state.provisionGets = 0;
  });
  return h;
}

// alice requests recover-cluster, bob and dave approve; returns the card and the run's status message.
async function approvedRecovery(h: Harness): Promise<{ card: StoredMessage; status: StoredMessage }> {
  const from = h.slack.calls.length;
  await h.command('recover-cluster talos-prod', { userId: USERS.alice });
  const modal = await h.slack.waitFor('views.open');
  await h.submitView(
    VIEW.recoverCluster,
    { name: 'talos-prod', reason: 'etcd lost' },
    {
      userId: USERS.alice,
      privateMetadata: (modal.params.view as { private_metadata: string }).private_metadata,
    },
  );
  const card = storedMessage(
    h.slack,
    await h.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
      { from, timeoutMs: 10_000 },
    ),
  );
  await h.click(card, ACTION.approve, { userId: USERS.bob });
  await h.click(card, ACTION.approve, { userId: USERS.dave });
  const status = await h.slack.waitFor(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.params.thread_ts === card.ts &&
      String(c.params.text).startsWith('Run `run-'),
    { timeoutMs: 10_000 },
  );
  return { card, status: storedMessage(h.slack, status) };
}

describe('cancelling a recover-cluster run', () => {
  it('after the delete step: the status says what a cancel leaves; the requester’s Cancel is refused with the reason, an approver’s works', async () => {
    harness = await recoveryHarness();
    // The wait after the delete hangs on its first poll: the run sits between delete and redeploy.
    await harness.omni.injectFault({
      match: ['-l', 'omni.sidero.dev/cluster=talos-prod'],
      hang: true,
      times: 1,
    });
    const { card, status } = await approvedRecovery(harness);
    const warned = await harness.slack.waitFor(
      (c) =>
        c.method === 'chat.update' &&
        JSON.stringify(c.params.blocks).includes('Only an approver can cancel now'),
      { timeoutMs: 10_000 },
    );
    expect(JSON.stringify(warned.params.blocks)).toContain(
      'If the run is cancelled now, the cluster talos-prod is deleted and will not be redeployed.',
    );

    let from = harness.slack.responses.length;
    await harness.click(status, ACTION.cancelRun, { userId: USERS.alice });
    const refused = await nextResponse(harness, from);
    expect(String(refused.body.text)).toContain(
      'A destructive step of this run has already run, so only an approver can cancel it now: if the run is cancelled now, the cluster talos-prod is deleted and will not be redeployed.',
    );

    from = harness.slack.responses.length;
    await harness.click(status, ACTION.cancelRun, { userId: USERS.bob });
    expect(String((await nextResponse(harness, from)).body.text)).toContain('Cancelling');
    const summary = await waitForSummary(harness, card);
    expect(String(summary.params.text)).toContain('Cancelled');
    expect(
      mutatingCalls(await harness.omniLog()).filter((c) => c.startsWith('cluster template sync')),
    ).toEqual([]);
  });

  it('before any destructive step: the requester may cancel, and nothing is deleted', async () => {
    harness = await recoveryHarness();
    await harness.omni.injectFault({ match: ['cluster', 'template', 'validate'], hang: true, times: 1 });
    const { card, status } = await approvedRecovery(harness);

    const from = harness.slack.responses.length;
    await harness.click(status, ACTION.cancelRun, { userId: USERS.alice });
    expect(String((await nextResponse(harness, from)).body.text)).toContain('Cancelling');
    const summary = await waitForSummary(harness, card);

    expect(String(summary.params.text)).toContain('Cancelled');
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);
  });
});

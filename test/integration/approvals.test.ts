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
import { CHANNEL, type Harness, INCIDENTS, startHarness, USERS } from '../support/bot-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const RUNBOOK_DELETE = `delete clustermachines ${W3}`;
const LINK_REMOVAL = `cluster machine delete ${W3} --force -y`;

describe('approval-gated removal of a stuck machine', () => {
  it('runs the runbook delete, then exactly one Link removal, and verifies the machine gone', async () => {
    harness = await startHarness();
    const card = await requestCard(harness);

    expect(JSON.stringify(card.blocks)).toContain(`omnictl ${RUNBOOK_DELETE}`);
    expect(JSON.stringify(card.blocks)).toContain(`omnictl ${LINK_REMOVAL}`);
    expect(JSON.stringify(card.blocks)).toContain('talos-prod-workers-p7nz2d');

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, card);

    expect(String(summary.params.text)).toContain('Succeeded: The machine is verified gone from Omni.');
    expect(mutatingCalls(await harness.omniLog())).toEqual([RUNBOOK_DELETE, LINK_REMOVAL]);
    const runbookCall = (await harness.omniLog()).find((e) => e.argv.join(' ') === RUNBOOK_DELETE);
    expect(runbookCall?.exitCode).toBe(1);
    const state = JSON.stringify(await harness.omni.readState());
    expect(state).not.toContain(W3);
    const finalCard = harness.slack.channelMessages(CHANNEL).find((m) => m.ts === card.ts);
    expect(JSON.stringify(finalCard?.blocks)).toContain('Approved by <@U0BOB>');
    expect(JSON.stringify(finalCard?.blocks)).not.toContain(ACTION.approve);
  });

  it('records the request, the decision, every step and the outcome in SQLite', async () => {
    harness = await startHarness();
    const card = await requestCard(harness);
    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    await waitForSummary(harness, card);
    const store = await createStore(harness.stateDb);

    const request = await store.requests.get(requestIdOf(card));
    const run = await store.runs.forRequest(requestIdOf(card));
    const actions = (await store.audit.forRequest(requestIdOf(card))).map((e) => e.action);
    await store.close();

    expect(request).toMatchObject({ status: 'succeeded', requester: USERS.alice, decidedBy: USERS.bob });
    expect(run?.status).toBe('succeeded');
    expect(actions).toEqual([
      'request.created',
      'request.approval',
      'request.approved',
      'run.started',
      'run.finished',
    ]);
  });

  it('tells the incident channel of the request, the decision and the outcome, with a link', async () => {
    harness = await startHarness();
    const card = await requestCard(harness);
    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    await waitForSummary(harness, card);
    await harness.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.channel === INCIDENTS &&
        /succeeded/.test(String(c.params.text)),
    );

    const notices = harness.slack.channelMessages(INCIDENTS).map((m) => m.text);

    expect(notices).toHaveLength(3);
    expect(notices[0]).toMatch(
      /requested, waiting for approval <https:\/\/fake\.slack\.com\/archives\/C0OPS\/p\d+\|thread>/,
    );
    expect(notices[1]).toMatch(/approved by <@U0BOB>; running/);
    expect(notices[2]).toMatch(/succeeded: The machine is verified gone from Omni\./);
  });

  it('denies the requester’s own approval and runs nothing', async () => {
    harness = await startHarness({ env: { APPROVERS: `${USERS.alice},${USERS.bob}` } });
    const card = await requestCard(harness);
    const from = harness.slack.responses.length;

    await harness.click(card, ACTION.approve, { userId: USERS.alice });
    const answer = await nextResponse(harness, from);

    expect(answer.body.response_type).toBe('ephemeral');
    expect(String(answer.body.text)).toContain('someone else has to approve it');
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);
  });

  it('lets the requester approve with ALLOW_SELF_APPROVAL=true', async () => {
    harness = await startHarness({ env: { APPROVERS: `${USERS.alice}`, ALLOW_SELF_APPROVAL: 'true' } });
    const card = await requestCard(harness);

    await harness.click(card, ACTION.approve, { userId: USERS.alice });
    const summary = await waitForSummary(harness, card);

    expect(String(summary.params.text)).toContain('verified gone');
    expect(mutatingCalls(await harness.omniLog())).toEqual([RUNBOOK_DELETE, LINK_REMOVAL]);
  });

  it('denies a non-approver and runs nothing', async () => {
    harness = await startHarness();
    const card = await requestCard(harness);
    const from = harness.slack.responses.length;

    await harness.click(card, ACTION.approve, { userId: USERS.carol });
    const answer = await nextResponse(harness, from);

    expect(String(answer.body.text)).toContain('You are not an approver');
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);
  });

  it('lets an approver through a user group', async () => {
    harness = await startHarness({ env: { APPROVERS: 'S0APPROVERS' } });
    const card = await requestCard(harness);

    await harness.click(card, ACTION.approve, { userId: USERS.bob });

    expect(String((await waitForSummary(harness, card)).params.text)).toContain('verified gone');
  });

  it('refuses an expired request, and the sweep edits its card', async () => {
    harness = await startHarness();
    const card = await requestCard(harness);
    harness.clock.advance(16 * 60_000);
    const from = harness.slack.responses.length;

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const answer = await nextResponse(harness, from);
    await harness.bot.sweep();

    expect(String(answer.body.text)).toContain('expired');
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);
    const edited = harness.slack.channelMessages(CHANNEL).find((m) => m.ts === card.ts);
    expect(JSON.stringify(edited?.blocks)).toContain('Expired without approval; nothing ran.');
    expect(JSON.stringify(edited?.blocks)).not.toContain(ACTION.approve);
  });

  it('runs nothing after a rejection, and a later approval is refused', async () => {
    harness = await startHarness();
    const card = await requestCard(harness);

    await harness.click(card, ACTION.reject, { userId: USERS.bob });
    await harness.slack.waitFor(
      (c) => c.method === 'chat.update' && JSON.stringify(c.params.blocks).includes('Rejected by <@U0BOB>'),
    );
    const from = harness.slack.responses.length;
    // A click from a client still showing the old card carries the old value.
    await harness.click(card, ACTION.approve, { userId: USERS.dave, value: requestIdOf(card) });
    const answer = await nextResponse(harness, from);

    expect(String(answer.body.text)).toContain('already rejected');
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);
  });

  it('runs once for 50 concurrent approvals, some of them Slack retries, and answers the other 49', async () => {
    const approvers = Array.from({ length: 50 }, (_, i) => `U0APPR${String(i).padStart(2, '0')}`);
    harness = await startHarness({ env: { APPROVERS: approvers.join(',') } });
    const card = await requestCard(harness);
    const from = harness.slack.responses.length;

    const clicks = await Promise.all(
      approvers.map((userId, i) =>
        harness!.click(card, ACTION.approve, {
          userId,
          headers:
            i % 5 === 0 ? { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } : undefined,
        }),
      ),
    );
    await waitForSummary(harness, card);
    for (let i = 0; i < 49; i += 1) await nextResponse(harness, from + i);

    expect(clicks.every((c) => c.status === 200)).toBe(true);
    expect(mutatingCalls(await harness.omniLog())).toEqual([RUNBOOK_DELETE, LINK_REMOVAL]);
    const answers = harness.slack.responses.slice(from).map((r) => String(r.body.text));
    expect(answers).toHaveLength(49);
    expect(answers.every((text) => /already approved by <@U0APPR\d\d>/.test(text))).toBe(true);
  });

  it('refuses when the machine vanished between request and approval', async () => {
    harness = await startHarness();
    const card = await requestCard(harness);
    await harness.omni.update((state) => {
      state.machines = state.machines.filter((m) => m.uuid !== W3);
      return state;
    });
    const from = harness.slack.responses.length;

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const answer = await nextResponse(harness, from);

    expect(String(answer.body.text)).toContain('Omni changed since the request');
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);
    // The run the claim created is closed as refused, never as a failure, and the lock goes with it.
    const store = await createStore(harness.stateDb);
    const run = await store.runs.forRequest(requestIdOf(card));
    expect(run).toMatchObject({ status: 'refused', summary: expect.stringContaining('Omni changed') });
    expect(await store.runs.steps(run!.id)).toEqual([]);
    expect(await store.locks.all()).toEqual([]);
    await store.close();
    const before = harness.slack.responses.length;
    await harness.command('history 5');
    const history = JSON.stringify((await nextResponse(harness, before)).body.blocks);
    expect(history).toMatch(/approved by <@U0BOB>, \*refused\*: Omni changed since the request/);
    expect(history).not.toMatch(/\*refused\* in /);
  });

  it.each([
    'delete-clustermachine not-a-uuid',
    `delete-clustermachine ${W3};reboot`,
    'delete-clustermachine $(reboot)',
    `delete-clustermachine ${W3} \`reboot\``,
  ])('answers %j with a usage error and calls omnictl not at all', async (text) => {
    harness = await startHarness();

    await harness.command(text);
    const answer = await harness.slack.waitForResponse();

    expect(answer.body.response_type).toBe('ephemeral');
    expect(String(answer.body.text)).toContain('Usage:');
    expect(await harness.omniLog()).toEqual([]);
  });

  it('with DRY_RUN=true approves and reports, but executes no mutating command', async () => {
    harness = await startHarness({ env: { DRY_RUN: 'true' } });
    const card = await requestCard(harness);

    expect(card.text).toContain('[DRY RUN]');
    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, card);

    expect(String(summary.params.text)).toMatch(/^\[DRY RUN\] /);
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);
    expect(JSON.stringify(await harness.omni.readState())).toContain(W3);
  });

  it('explains that machines are read-only and offers the clustermachine card', async () => {
    harness = await startHarness();

    const card = await requestCard(harness, `delete-machine ${W3}`);
    const explanation = await harness.slack.waitForResponse((r) => String(r.body.text).includes('read-only'));

    expect(String(explanation.body.text)).toContain('only read access is permitted');
    expect(JSON.stringify(card.blocks)).toContain(LINK_REMOVAL);
  });

  it('lists the request in /omni history with requester, approver and outcome', async () => {
    harness = await startHarness();
    const card = await requestCard(harness);
    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    await waitForSummary(harness, card);
    const from = harness.slack.responses.length;

    await harness.command('history 5');
    const answer = await nextResponse(harness, from);

    expect(String(JSON.stringify(answer.body.blocks))).toMatch(
      /Remove stuck machine talos-prod-workers-p7nz2d.*by <@U0ALICE>, approved by <@U0BOB>, \*succeeded\*/,
    );
  });
});

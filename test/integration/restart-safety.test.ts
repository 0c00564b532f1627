import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { createStore } from '../../src/store/create-store.js';
import { createFakeOmni, type FakeOmni } from '../fakes/omnictl/fake-omni.js';
import {
  blockActionsPayload,
  interactionBody,
  postSigned,
  slashCommandBody,
} from '../fakes/slack/slack-requests.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/start-fake-slack.js';
import {
  mutatingCalls,
  nextResponse,
  requestCard,
  requestIdOf,
  storedMessage,
  W3,
  waitForSummary,
} from '../support/approval-flow.js';
import {
  CHANNEL,
  type Harness,
  INCIDENTS,
  SIGNING_SECRET,
  startHarness,
  USERS,
} from '../support/bot-harness.js';
import { type BotProcess, killProcessesWithEnv, startBotProcess } from '../support/bot-process.js';
import { waitUntil } from '../support/wait-until.js';

let slack: FakeSlack | undefined;
let omni: FakeOmni | undefined;
let bot: BotProcess | undefined;
let harness: Harness | undefined;

afterEach(async () => {
  bot?.child.kill('SIGKILL');
  if (omni) killProcessesWithEnv(omni.statePath);
  await harness?.stop({ keepFakes: true });
  await slack?.close();
  await omni?.cleanup();
  bot = harness = slack = omni = undefined;
});

describe('a bot killed during a run', () => {
  it('reports the run interrupted after a restart and keeps pending requests approvable', {
    timeout: 60_000,
  }, async () => {
    slack = await startFakeSlack();
    omni = await createFakeOmni({ scenario: 'talos-prod' });
    await omni.injectFault({ match: ['cluster', 'machine', 'delete'], hang: true });
    const stateDb = path.join(mkdtempSync(path.join(tmpdir(), 'omni-chatops-kill-')), 'state.sqlite');
    bot = await startBotProcess({ slack, omni, stateDb });
    const requestCard = async () => {
      const from = slack!.calls.length;
      const body = slashCommandBody({
        text: `delete-clustermachine ${W3} VM deleted`,
        userId: USERS.alice,
        channelId: CHANNEL,
        responseUrl: slack!.responseUrl(),
      });
      await postSigned(bot!.eventsUrl, { body, signingSecret: SIGNING_SECRET });
      const call = await slack!.waitFor(
        (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
        { from, timeoutMs: 10_000 },
      );
      return storedMessage(slack!, call);
    };
    const running = await requestCard();
    const pending = await requestCard();

    const payload = blockActionsPayload({
      actionId: ACTION.approve,
      userId: USERS.bob,
      message: running,
      responseUrl: slack.responseUrl(),
    });
    await postSigned(bot.eventsUrl, { body: interactionBody(payload), signingSecret: SIGNING_SECRET });
    const store = await createStore(stateDb);
    await waitUntil('the Link removal step to start', async () => {
      const run = await store.runs.forRequest(requestIdOf(running));
      return run && (await store.runs.steps(run.id)).find((s) => s.idx === 1 && s.status === 'running');
    });
    const auditBeforeKill = (await store.audit.all()).length;
    bot.child.kill('SIGKILL');
    await bot.child;
    killProcessesWithEnv(omni.statePath);
    await omni.update((state) => {
      state.faults = [];
      return state;
    });

    harness = await startHarness({ slack, omni, stateDb });
    const notice = await slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === running.ts &&
        String(c.params.text).includes('was interrupted'),
      { timeoutMs: 10_000 },
    );

    expect(JSON.stringify(notice.params.blocks)).toContain('Delete the ClusterMachine (runbook step)');
    expect(JSON.stringify(notice.params.blocks)).toMatch(/interrupted; it may or may not have taken effect/);
    expect((await store.requests.get(requestIdOf(running)))?.status).toBe('interrupted');
    const audit = await store.audit.all();
    expect(audit.length).toBeGreaterThan(auditBeforeKill);
    expect(audit.slice(0, auditBeforeKill).map((e) => e.action)).toEqual([
      'request.created',
      'request.created',
      'request.approval',
      'request.approved',
      'run.started',
      'step.finished',
    ]);

    const logBefore = mutatingCalls(await omni.readLog()).length;
    await harness.click(pending, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, pending);

    expect(String(summary.params.text)).toContain('verified gone');
    expect(mutatingCalls(await omni.readLog()).slice(logBefore)).toEqual([
      `delete clustermachines ${W3}`,
      `cluster machine delete ${W3} --force -y`,
    ]);
    await store.close();
  });
});

describe('a request keeps the mode it was made in across a restart', () => {
  async function requestThenRestart(requestedDryRun: boolean) {
    slack = await startFakeSlack();
    omni = await createFakeOmni({ scenario: 'talos-prod' });
    const stateDb = path.join(mkdtempSync(path.join(tmpdir(), 'omni-chatops-mode-')), 'state.sqlite');
    const before = await startHarness({ slack, omni, stateDb, env: { DRY_RUN: String(requestedDryRun) } });
    const from = slack.calls.length;
    const card = await requestCard(before);
    // The incident notice goes out after the card's ts is stored: the request is complete.
    await slack.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === INCIDENTS, { from });
    await before.stop({ keepFakes: true });
    harness = await startHarness({ slack, omni, stateDb, env: { DRY_RUN: String(!requestedDryRun) } });
    return card;
  }

  it('refuses a DRY RUN request once the bot runs for real: nothing runs, the card and thread say why', async () => {
    const card = await requestThenRestart(true);
    expect(String(card.text)).toContain('[DRY RUN]');
    const h = harness!;

    const from = h.slack.responses.length;
    await h.click(card, ACTION.approve, { userId: USERS.bob });
    const answer = await nextResponse(h, from);

    const why =
      'This was requested as a DRY RUN while the bot now runs for real (DRY_RUN=false), so it cannot be approved. Nothing ran; request it again.';
    expect(String(answer.body.text)).toContain(why);
    expect(mutatingCalls(await h.omniLog())).toEqual([]);
    const store = await createStore(h.stateDb);
    expect(await store.requests.get(requestIdOf(card))).toMatchObject({ status: 'refused', outcome: why });
    expect(await store.runs.forRequest(requestIdOf(card))).toBeUndefined();
    expect(await store.decisions.approvers(requestIdOf(card))).toEqual([]);
    await store.close();
    const thread = h.slack.thread(CHANNEL, card.ts);
    expect(thread.slice(1).map((m) => m.text)).toContain(why);
    const shown = thread[0];
    expect(JSON.stringify(shown?.blocks)).toContain(why);
    expect(JSON.stringify(shown?.blocks)).not.toContain(ACTION.approve);
  });

  it('refuses a real request once the bot runs as a dry run', async () => {
    const card = await requestThenRestart(false);
    const h = harness!;

    const from = h.slack.responses.length;
    await h.click(card, ACTION.approve, { userId: USERS.bob });
    const answer = await nextResponse(h, from);

    expect(String(answer.body.text)).toContain(
      'This was requested to run for real while the bot now runs as a DRY RUN (DRY_RUN=true)',
    );
    expect(mutatingCalls(await h.omniLog())).toEqual([]);
    expect(h.slack.thread(CHANNEL, card.ts).some((m) => /Succeeded|Failed/.test(m.text ?? ''))).toBe(false);
  });
});

describe('a lock left by a bot that stopped between the approval claim and the run', () => {
  it('is released at start-up, said in the thread, and the cluster can be approved again', async () => {
    slack = await startFakeSlack();
    omni = await createFakeOmni({ scenario: 'talos-prod' });
    const stateDb = path.join(mkdtempSync(path.join(tmpdir(), 'omni-chatops-lock-')), 'state.sqlite');
    const before = await startHarness({ slack, omni, stateDb });
    const from = slack.calls.length;
    const card = await requestCard(before);
    await slack.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === INCIDENTS, { from });
    await before.stop({ keepFakes: true });
    // What the claim of an older version wrote before it died: the request approved and the cluster
    // locked for a run whose row was never written.
    const requestId = requestIdOf(card);
    const orphan = 'run-0000deadbeef';
    const at = '2026-08-22T09:31:00.000Z';
    const store = await createStore(stateDb);
    await store.transaction(async (tx) => {
      await tx.locks.acquire('talos-prod', orphan, USERS.bob, at);
      await tx.decisions.record({ requestId, actor: USERS.bob, decision: 'approve', note: '', at });
      await tx.requests.claim(requestId, 'approved', USERS.bob, at);
      await tx.audit.append({
        at,
        actor: USERS.bob,
        action: 'request.approved',
        requestId,
        runId: orphan,
        detail: {},
      });
    });

    harness = await startHarness({ slack, omni, stateDb });
    const notice = await slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === card.ts &&
        String(c.params.text).includes('was released'),
      { timeoutMs: 10_000 },
    );

    expect(String(notice.params.text)).toBe(
      'The lock on cluster talos-prod was released: its run `run-0000deadbeef` never started (the bot stopped between the approval and the first step). Nothing ran; request it again if it is still needed.',
    );
    expect(await store.locks.all()).toEqual([]);
    expect((await store.requests.get(requestId))?.status).toBe('interrupted');
    expect((await store.audit.all()).at(-1)).toMatchObject({
      action: 'lock.released',
      requestId,
      runId: orphan,
    });
    const shown = slack.channelMessages(CHANNEL).find((m) => m.ts === card.ts);
    expect(JSON.stringify(shown?.blocks)).toContain('The lock on cluster talos-prod was released');
    expect(JSON.stringify(shown?.blocks)).not.toContain(ACTION.approve);

    const again = await requestCard(harness);
    await harness.click(again, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, again);

    expect(String(summary.params.text)).toContain('verified gone');
    expect(mutatingCalls(await harness.omniLog())).toEqual([
      `delete clustermachines ${W3}`,
      `cluster machine delete ${W3} --force -y`,
    ]);
    await store.close();
  });
});

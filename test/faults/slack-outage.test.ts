import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { createStore } from '../../src/store/create-store.js';
import { mutatingCalls, requestCard, requestIdOf, W3, waitForSummary } from '../support/approval-flow.js';
import { type Harness, INCIDENTS, USERS } from '../support/bot-harness.js';
import { startFaultHarness } from '../support/fault-harness.js';
import { waitUntil } from '../support/wait-until.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

// Production keeps the SDK's retries (ten in about half an hour); three quick attempts stand in for them.
const QUICK_RETRIES = { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 };
const isSummary = (text: unknown) => /^:white_check_mark: Succeeded/.test(String(text));

describe('Slack answers 429 and 5xx for a while during a run', () => {
  it('delays progress, delivers the final summary once, and executes nothing twice', async () => {
    harness = await startFaultHarness({ overrides: { slackClientOptions: { retryConfig: QUICK_RETRIES } } });
    const { slack } = harness;
    // Holds step 1 long enough to arm Slack's failures for what follows it: progress and the summary.
    await harness.omni.injectFault({ match: ['delete', 'clustermachines'], delayMs: 1_000, times: 1 });
    const card = await requestCard(harness);
    slack.failNext('chat.update', { retryAfter: 1 });
    slack.failNext('chat.update', { status: 503 });
    const store = await createStore(harness.stateDb);

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    await waitUntil('step 1 to start', async () => {
      const run = await store.runs.forRequest(requestIdOf(card));
      return run && (await store.runs.steps(run.id)).find((s) => s.idx === 0);
    });
    slack.failNext('chat.postMessage', { status: 500 });
    slack.failNext('chat.postMessage', { retryAfter: 1 });
    slack.failNext('chat.update', { status: 502 });
    slack.failNext('chat.update', { retryAfter: 1 });
    const summary = await waitForSummary(harness, card);
    await slack.waitFor((c) => c.method === 'chat.postMessage' && /succeeded/.test(String(c.params.text)));
    // The status message's final edit keeps its own pace and may follow the summary by a second.
    await slack.waitFor(
      (c) =>
        c.method === 'chat.update' &&
        c.status === 200 &&
        /: succeeded, 4\/4 steps done/.test(String(c.params.text)),
      { timeoutMs: 20_000 },
    );
    const run = await store.runs.forRequest(requestIdOf(card));
    await store.close();

    expect(String(summary.params.text)).toContain('Succeeded: The machine is verified gone from Omni.');
    const summaries = slack.calls.filter((c) => c.method === 'chat.postMessage' && isSummary(c.params.text));
    // Three attempts at the summary (500, 429, then delivered), and it is in the thread once.
    expect(summaries.map((c) => c.status)).toEqual([500, 429, 200]);
    expect(slack.thread(card.channel, card.ts).filter((m) => isSummary(m.text))).toHaveLength(1);
    const failed = slack.calls.filter((c) => c.status !== 200);
    expect(failed.map((c) => c.status).sort()).toEqual([429, 429, 429, 500, 502, 503]);
    expect(mutatingCalls(await harness.omniLog())).toEqual([
      `delete clustermachines ${W3}`,
      `cluster machine delete ${W3} --force -y`,
    ]);
    expect(run?.status).toBe('succeeded');
    // The status message ends in its final state despite the refused edits.
    const status = slack.thread(card.channel, card.ts).find((m) => m.ts === run?.statusTs);
    expect(status?.text).toMatch(/: succeeded, 4\/4 steps done/);
  });

  it('keeps a summary Slack refuses past its retries, and delivers it once Slack answers again', async () => {
    harness = await startFaultHarness({ overrides: { slackClientOptions: { retryConfig: QUICK_RETRIES } } });
    const h = harness;
    const { card, store } = await keepRefusedSummary(h);
    const refused = h.slack.calls.filter((c) => c.method === 'chat.postMessage' && isSummary(c.params.text));
    const inThreadBefore = h.slack.thread(card.channel, card.ts).filter((m) => isSummary(m.text)).length;
    const metrics = () => fetch(`http://127.0.0.1:${h.bot.port}/metrics`).then((r) => r.text());
    const gaugeBefore = await metrics();

    await h.bot.sweep();
    await h.bot.sweep();
    const kept = await store.outbox.pending();
    const gaugeAfter = await metrics();
    await store.close();

    expect(refused.map((c) => c.status)).toEqual([503, 503, 503]);
    expect(inThreadBefore).toBe(0);
    const inThread = h.slack.thread(card.channel, card.ts).filter((m) => isSummary(m.text));
    expect(inThread).toHaveLength(1);
    expect(inThread[0]?.text).toContain('Succeeded: The machine is verified gone from Omni.');
    expect(kept).toEqual([]);
    expect(h.logs.some((l) => l.includes('"msg":"kept message delivered"'))).toBe(true);
    expect(gaugeBefore).toMatch(/^omni_chatops_kept_messages 1$/m);
    expect(gaugeAfter).toMatch(/^omni_chatops_kept_messages 0$/m);
  });

  it('a bot stopped while Slack is slow to take a kept summary waits for it, and does not post it again after a restart', async () => {
    const overrides = { slackClientOptions: { retryConfig: QUICK_RETRIES } };
    harness = await startFaultHarness({ overrides });
    const h = harness;
    const { card, store } = await keepRefusedSummary(h);
    await store.close();

    // Slack takes the kept summary, but answers only after the bot has been told to stop.
    h.slack.failNext('chat.postMessage', { delayMs: 800 });
    const sweeping = h.bot.sweep();
    await h.stop({ keepFakes: true });
    await sweeping;
    harness = await startFaultHarness({ slack: h.slack, omni: h.omni, stateDb: h.stateDb, overrides });
    await harness.bot.sweep();
    const after = await createStore(h.stateDb);
    const kept = await after.outbox.pending();
    await after.close();

    const inThread = h.slack.thread(card.channel, card.ts).filter((m) => isSummary(m.text));
    expect(inThread).toHaveLength(1);
    expect(kept).toEqual([]);
  });

  it('keeps an incident-channel notice Slack refuses, and posts it later saying when it happened', async () => {
    harness = await startFaultHarness({ overrides: { slackClientOptions: { retryConfig: QUICK_RETRIES } } });
    const h = harness;
    h.slack.failNext('chat.postMessage', { status: 503, times: 3, channel: INCIDENTS });
    const card = await requestCard(h);
    const store = await createStore(h.stateDb);
    await waitUntil('the notice to be kept', async () =>
      (await store.outbox.pending()).length > 0 ? true : undefined,
    );
    const before = h.slack.channelMessages(INCIDENTS).length;

    await h.bot.sweep();
    await h.bot.sweep();
    const kept = await store.outbox.pending();
    await store.close();

    expect(before).toBe(0);
    const notices = h.slack.channelMessages(INCIDENTS);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain(
      `${requestIdOf(card)}\`, requested by <@${USERS.alice}>): requested, waiting for approval`,
    );
    expect(notices[0]?.text).toMatch(/Posted late: this happened at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(kept).toEqual([]);
  });

  it("keeps the card's final edit Slack refuses, so the card does not say running for ever", async () => {
    harness = await startFaultHarness({ overrides: { slackClientOptions: { retryConfig: QUICK_RETRIES } } });
    const h = harness;
    const { card, store } = await approveSlowRemoval(h);
    // Every attempt at editing the card from now on (the closing edit) is refused.
    h.slack.failNext('chat.update', { status: 503, times: 3, ts: card.ts });
    await waitUntil('the card edit to be kept', async () =>
      (await store.outbox.pending()).some((e) => e.what === 'card') ? true : undefined,
    );
    const cardText = () => h.slack.channelMessages(card.channel).find((m) => m.ts === card.ts)?.text ?? '';
    const before = cardText();

    await h.bot.sweep();
    const kept = await store.outbox.pending();
    await store.close();

    expect(before).not.toMatch(/succeeded/);
    expect(cardText()).toContain(`Approved by <@${USERS.bob}>; succeeded`);
    expect(kept).toEqual([]);
  });
});

// Requests and approves a removal whose first step takes a second, and waits until that step runs.
async function approveSlowRemoval(h: Harness) {
  await h.omni.injectFault({ match: ['delete', 'clustermachines'], delayMs: 1_000, times: 1 });
  const card = await requestCard(h);
  const store = await createStore(h.stateDb);
  await h.click(card, ACTION.approve, { userId: USERS.bob });
  await waitUntil('step 1 to start', async () => {
    const run = await store.runs.forRequest(requestIdOf(card));
    return run && (await store.runs.steps(run.id)).find((s) => s.idx === 0);
  });
  return { card, store };
}

// Runs a removal whose summary Slack refuses on every attempt of the client, until the bot keeps it.
async function keepRefusedSummary(h: Harness) {
  const { card, store } = await approveSlowRemoval(h);
  for (let i = 0; i < 3; i += 1) h.slack.failNext('chat.postMessage', { status: 503 });
  await waitUntil('the run to finish', async () => {
    const run = await store.runs.forRequest(requestIdOf(card));
    return run?.status === 'succeeded' ? run : undefined;
  });
  await waitUntil('the summary to be kept', async () =>
    (await store.outbox.pending()).length > 0 ? true : undefined,
  );
  return { card, store };
}

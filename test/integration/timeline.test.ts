import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { createStore } from '../../src/store/create-store.js';
import type { StoredMessage } from '../fakes/slack/fake-slack-types.js';
import { startFakeSlack } from '../fakes/slack/start-fake-slack.js';
import {
  nextResponse,
  requestCard,
  requestIdOf,
  storedMessage,
  W3,
  waitForSummary,
} from '../support/approval-flow.js';
import { CHANNEL, type Harness, startHarness, USERS } from '../support/bot-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function uploadedFiles(h: Harness, card: StoredMessage): string[] {
  return h.slack
    .thread(CHANNEL, card.ts)
    .filter((m) => m.source === 'files.completeUploadExternal')
    .flatMap((m) => (m.files ?? []).map((f) => f.bytes.toString('utf8')));
}

// Each needle's position, which must rise: the timeline lists them in this order.
function positions(text: string, needles: readonly (string | RegExp)[]): number[] {
  return needles.map((n) => (typeof n === 'string' ? text.indexOf(n) : text.search(n)));
}

async function removalRun(h: Harness) {
  const card = await requestCard(h);
  await h.click(card, ACTION.approve, { userId: USERS.bob });
  const summary = storedMessage(h.slack, await waitForSummary(h, card));
  const store = await createStore(h.stateDb);
  const run = (await store.runs.forRequest(requestIdOf(card)))!;
  await store.close();
  return { card, summary, runId: run.id };
}

describe('the timeline', () => {
  it("of the removal run: the summary's Timeline button uploads one file listing request, approval, each step and the verified outcome in order", async () => {
    harness = await startHarness();
    const h = harness;
    const { card, summary, runId } = await removalRun(h);
    expect(JSON.stringify(summary.blocks)).toContain(ACTION.timeline);
    const uploadsBefore = h.slack.callsTo('files.completeUploadExternal').length;
    const from = h.slack.responses.length;

    await h.click(summary, ACTION.timeline, { userId: USERS.carol, value: runId });
    const answer = await nextResponse(h, from);

    expect(String(answer.body.text)).toContain('Timeline uploaded');
    expect(h.slack.callsTo('files.getUploadURLExternal').length).toBe(uploadsBefore + 1);
    expect(h.slack.callsTo('files.completeUploadExternal').length).toBe(uploadsBefore + 1);
    const files = uploadedFiles(h, card);
    expect(files).toHaveLength(1);
    const md = files[0]!;
    const order = positions(md, [
      `# Timeline: run ${runId}`,
      `Request \`${requestIdOf(card)}\` by ${USERS.alice}`,
      `Approval by ${USERS.bob} (1 of 1)`,
      `Approved by ${USERS.bob}; run \`${runId}\` created`,
      `Run \`${runId}\` started`,
      /Step 1: .*refused-expected, exit code 1/,
      `Command: \`omnictl delete clustermachines ${W3}\``,
      /Step 2: .*ok, exit code 0/,
      `Command: \`omnictl cluster machine delete ${W3} --force -y\``,
      /Step 3: /,
      /Step 4: /,
      `Run \`${runId}\` succeeded: The machine is verified gone from Omni.`,
    ]);
    expect(order.every((p) => p >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).toMatch(/\*\*2026-08-22 09:30:00Z\*\* \(\+0ms\)/);
    expect(md).toContain('PermissionDenied');
  });

  it('/omni timeline <request id> uploads into the request’s thread; an unknown id changes nothing', async () => {
    harness = await startHarness();
    const h = harness;
    const { card } = await removalRun(h);
    const from = h.slack.responses.length;
    await h.command(`timeline ${requestIdOf(card)}`, { userId: USERS.carol });
    expect(String((await nextResponse(h, from)).body.text)).toContain('Timeline uploaded in the request');
    expect(uploadedFiles(h, card)).toHaveLength(1);

    const next = h.slack.responses.length;
    await h.command('timeline r-000000000000', { userId: USERS.carol });
    expect(String((await nextResponse(h, next)).body.text)).toContain('No request r-000000000000');
    expect(uploadedFiles(h, card)).toHaveLength(1);
  });

  it('/omni timeline <cluster> 2h: the window’s requests, with their steps, as a file in the channel', async () => {
    harness = await startHarness();
    const h = harness;
    const { card } = await removalRun(h);
    const from = h.slack.responses.length;
    await h.command('timeline talos-prod 2h', { userId: USERS.carol });
    expect(String((await nextResponse(h, from)).body.text)).toContain('Timeline uploaded in this channel');
    const shared = h.slack
      .channelMessages(CHANNEL)
      .filter((m) => m.source === 'files.completeUploadExternal' && !m.threadTs);
    expect(shared).toHaveLength(1);
    const md = shared[0]!.files![0]!.bytes.toString('utf8');
    expect(md).toContain('# Timeline: cluster talos-prod');
    expect(md).toContain(`Request \`${requestIdOf(card)}\``);
    expect(md).toContain('Window: from 2026-08-22 07:30:00Z.');
  });

  it('GET /timeline/<id>.md on the HTTP port needs TIMELINE_TOKEN, and is off when it is unset', async () => {
    const token = 'timeline-token-0123456789abcdef';
    harness = await startHarness({ env: { TIMELINE_TOKEN: token } });
    const h = harness;
    const { runId } = await removalRun(h);
    const url = `http://127.0.0.1:${h.bot.port}/timeline/${runId}.md`;

    const none = await fetch(url);
    const wrong = await fetch(url, { headers: { authorization: `Bearer ${token}x` } });
    const right = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const unknown = await fetch(`http://127.0.0.1:${h.bot.port}/timeline/run-000000000000.md`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect([none.status, wrong.status, right.status, unknown.status]).toEqual([401, 401, 200, 404]);
    expect(right.headers.get('content-type')).toContain('text/markdown');
    expect(await right.text()).toContain(`Run \`${runId}\` succeeded`);
    expect(h.logs.join('\n')).not.toContain(token);
    await h.stop();
    harness = await startHarness();
    const off = await fetch(`http://127.0.0.1:${harness.bot.port}/timeline/${runId}.md`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(off.status).toBe(404);
  });

  it('a timeline Slack refuses (over the workspace file limit) is explained to the caller, and nothing is posted', async () => {
    harness = await startHarness({ slack: await startFakeSlack({ maxFileBytes: 200 }) });
    const h = harness;
    const { card } = await removalRun(h);
    const from = h.slack.responses.length;

    await h.command(`timeline ${requestIdOf(card)}`, { userId: USERS.carol });
    const answer = String((await nextResponse(h, from)).body.text);

    expect(answer).toContain('could not be uploaded (file_upload_size_restricted)');
    expect(uploadedFiles(h, card)).toEqual([]);
  });

  it('GET /timeline/<id>.md is served in Socket Mode too (the bot’s own HTTP server)', async () => {
    const token = 'timeline-token-0123456789abcdef';
    harness = await startHarness({ mode: 'socket', env: { TIMELINE_TOKEN: token } });
    const h = harness;
    const { card } = await removalRun(h);
    const url = `http://127.0.0.1:${h.bot.port}/timeline/${requestIdOf(card)}.md`;

    const right = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const none = await fetch(url);

    expect([right.status, none.status]).toEqual([200, 401]);
    expect(await right.text()).toContain(`# Timeline: request ${requestIdOf(card)}`);
  });
});

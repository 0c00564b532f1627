// Issue #16, acceptance 1: two replicas on one PostgreSQL database, Socket Mode, the fake Slack
// spreading envelopes over both connections. Approvals are claimed in the database, so a click
// may land on either replica, twice when Slack redelivers it, and the request still runs once.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { createStore } from '../../src/store/create-store.js';
import type { StoredMessage } from '../fakes/slack/fake-slack-types.js';
import { mutatingCalls, requestIdOf, storedMessage, W3 } from '../support/approval-flow.js';
import { CHANNEL, INCIDENTS, USERS } from '../support/bot-harness.js';
import { postgresOrSkip } from '../support/postgres/find-postgres.js';
import { type Replica, type ReplicaHarness, startReplicas } from '../support/replica-harness.js';
import { waitUntil } from '../support/wait-until.js';

const RUNBOOK_DELETE = `delete clustermachines ${W3}`;
const LINK_REMOVAL = `cluster machine delete ${W3} --force -y`;
const APPROVERS = Array.from({ length: 50 }, (_, i) => `U0APPR${String(i).padStart(2, '0')}`);

const withPostgres = postgresOrSkip() !== undefined;

let h: ReplicaHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

// `/omni delete-clustermachine` through `via`; the card once the requesting replica has also posted
// its incident notice, its last step for a new request.
async function requestThrough(harness: ReplicaHarness, via: Replica): Promise<StoredMessage> {
  const from = harness.slack.calls.length;
  await harness.command(`delete-clustermachine ${W3} VM deleted in Proxmox`, { via });
  const cardCall = await harness.slack.waitFor(
    (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
    { from, timeoutMs: 30_000 },
  );
  await harness.slack.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === INCIDENTS, {
    from,
    timeoutMs: 30_000,
  });
  return storedMessage(harness.slack, cardCall);
}

function waitForSummary(harness: ReplicaHarness, card: StoredMessage) {
  return harness.slack
    .waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === card.ts &&
        /Succeeded|Failed|Cancelled/.test(String(c.params.text)),
      { timeoutMs: 60_000 },
    )
    .catch((error: Error) => {
      const thread = harness.slack.thread(card.channel, card.ts).map((m) => m.text);
      const logs = harness.replicas.map((r) => `${r.id}: ${JSON.stringify(r.logs().slice(-6))}`);
      throw new Error(`${error.message}\nthread: ${JSON.stringify(thread)}\n${logs.join('\n')}`);
    });
}

// Rows of the shared database, read as an operator would, not through the bot.
async function runRows(url: string, requestId: string): Promise<{ id: string; status: string }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ id: string; status: string }>(
      'select id, status from runs where request_id = $1',
      [requestId],
    );
    return result.rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!withPostgres)('approvals on two replicas sharing one PostgreSQL database', () => {
  it('runs once for 50 concurrent Approve clicks spread over both replicas, some redelivered to the other one, and tells every other click who approved', async () => {
    h = await startReplicas({ database: 'postgres', env: { APPROVERS: APPROVERS.join(',') } });
    const [a, b] = h.replicas as [Replica, Replica];
    const card = await requestThrough(h, a);
    const from = h.slack.responses.length;

    // Every fifth click is delivered again by Slack (its ack "lost"), on the other connection,
    // while the first delivery may still be deciding.
    const harness = h;
    const deliveries = (
      await Promise.all(
        APPROVERS.map(async (userId, i) => {
          const first = await harness.click(card, ACTION.approve, { userId });
          if (i % 5 !== 0) return [{ userId, ack: first }];
          return [
            { userId, ack: first },
            { userId, ack: await harness.retry(first.envelopeId) },
          ];
        }),
      )
    ).flat();
    const summary = await waitForSummary(h, card);
    // The winner's click is answered by the card and the run; every other delivery by an ephemeral.
    const answersExpected = deliveries.length - 1;
    await waitUntil(
      `${answersExpected} ephemeral answers`,
      () => h!.slack.responses.length - from >= answersExpected || undefined,
      30_000,
    );

    const requestId = requestIdOf(card);
    const store = await createStore({ engine: 'postgres', url: h.databaseUrl!, poolSize: 1 });
    const request = await store.requests.get(requestId);
    const actions = (await store.audit.forRequest(requestId)).map((e) => e.action);
    await store.close();
    const winner = request?.decidedBy;
    const runs = await runRows(h.databaseUrl!, requestId);
    const answers = h.slack.responses.slice(from).map((r) => String(r.body.text));

    expect(deliveries).toHaveLength(60);
    expect(new Set(deliveries.map((d) => d.ack.replica?.id))).toEqual(new Set([a.id, b.id]));
    // Each redelivery went to the other replica than the first delivery of the same click.
    const redelivered = h.slack.socket.envelopes.filter((e) => e.retryOf !== undefined);
    expect(redelivered).toHaveLength(10);
    for (const again of redelivered) {
      const original = h.slack.socket.envelopes.find((e) => e.envelopeId === again.retryOf);
      expect(again.connection).not.toBe(original?.connection);
      expect(again.retryAttempt).toBe(1);
    }
    // Exactly one run, one claim, one of each change to Omni.
    expect(String(summary.params.text)).toContain('Succeeded');
    expect(runs).toEqual([{ id: expect.any(String), status: 'succeeded' }]);
    expect(request).toMatchObject({ status: 'succeeded', decidedBy: expect.stringMatching(/^U0APPR\d\d$/) });
    expect(actions.filter((action) => action === 'request.approved')).toHaveLength(1);
    expect(actions.filter((action) => action === 'request.approval')).toHaveLength(1);
    expect(mutatingCalls(await h.omni.readLog())).toEqual([RUNBOOK_DELETE, LINK_REMOVAL]);
    // Every other delivery is answered, each naming the one approver whose click ran it.
    expect(answers).toHaveLength(answersExpected);
    expect(answers.filter((text) => text !== `This request was already approved by <@${winner}>.`)).toEqual(
      [],
    );
    const unanswered = APPROVERS.filter(
      (userId) => userId !== winner && h!.slack.ephemerals(userId).length === 0,
    );
    expect(unanswered).toEqual([]);
    // The card says who approved it, once, and offers no more buttons.
    const finalCard = h.slack.channelMessages(CHANNEL).find((m) => m.ts === card.ts);
    expect(JSON.stringify(finalCard?.blocks)).toContain(`Approved by <@${winner}>`);
    expect(JSON.stringify(finalCard?.blocks)).not.toContain(ACTION.approve);
  }, 180_000);

  it('runs a request made on replica A when it is approved through replica B, and A answers a late click', async () => {
    h = await startReplicas({ database: 'postgres' });
    const [a, b] = h.replicas as [Replica, Replica];
    const card = await requestThrough(h, a);

    const approval = await h.click(card, ACTION.approve, { userId: USERS.bob, via: b });
    const summary = await waitForSummary(h, card);
    const from = h.slack.responses.length;
    // A client still showing the old card sends its old value.
    const late = await h.click(card, ACTION.approve, {
      userId: USERS.dave,
      via: a,
      value: requestIdOf(card),
    });
    const answer = await h.slack.waitForResponse(undefined, { from, timeoutMs: 20_000 });

    const requestId = requestIdOf(card);
    const runs = await runRows(h.databaseUrl!, requestId);
    expect(approval.replica?.id).toBe(b.id);
    expect(late.replica?.id).toBe(a.id);
    expect(String(summary.params.text)).toContain('Succeeded');
    expect(runs).toEqual([{ id: expect.any(String), status: 'succeeded' }]);
    expect(mutatingCalls(await h.omni.readLog())).toEqual([RUNBOOK_DELETE, LINK_REMOVAL]);
    expect(String(answer.body.text)).toBe(`This request was already approved by <@${USERS.bob}>.`);
    // The run is replica-b's: its log names it, replica-a's does not.
    const runId = runs[0]!.id;
    expect(b.logs().some((line) => JSON.stringify(line).includes(runId))).toBe(true);
    expect(a.logs().some((line) => JSON.stringify(line).includes(runId))).toBe(false);
  }, 120_000);
});

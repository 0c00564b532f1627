// The two-replica harness (issue #16): two bot processes on one fake Slack in Socket Mode, sharing
// one PostgreSQL database (what a team runs) or one SQLite file (WAL lets two processes share it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import type { RecordedResponse } from '../fakes/slack/fake-slack-types.js';
import { mutatingCalls, storedMessage, W3 } from '../support/approval-flow.js';
import { INCIDENTS, USERS } from '../support/bot-harness.js';
import { skipWithoutPostgres } from '../support/postgres/find-postgres.js';
import { type ReplicaHarness, startReplicas } from '../support/replica-harness.js';
import { waitUntil } from '../support/wait-until.js';

// Counter lines of /metrics for one subcommand, e.g. `…{command="help",outcome="ok"} 2`.
async function commandsAnswered(port: number, command: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('omni_chatops_commands_total') && l.includes(`command="${command}"`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

async function approvalsCounted(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('omni_chatops_approvals_total') && l.includes('decision="approved"'))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

const responsesFor = (h: ReplicaHarness, predicate: (r: RecordedResponse) => boolean) =>
  h.slack.responses.filter(predicate);

const noPostgres = skipWithoutPostgres('the PostgreSQL replica tests');

const databases = noPostgres ? (['sqlite'] as const) : (['postgres', 'sqlite'] as const);

describe.each(databases)('two replicas on one %s database, Socket Mode', (database) => {
  let h: ReplicaHarness;

  beforeAll(async () => {
    h = await startReplicas({ database });
  }, 90_000);
  afterAll(() => h?.stop());

  it('opens one connection per replica, and each replica answers the envelopes of its own', async () => {
    const [a, b] = h.replicas;

    const viaA = await h.command('help', { via: a });
    const viaB = await h.command('help', { via: b });
    await waitUntil(
      'both help answers',
      () => responsesFor(h, (r) => /\/omni/.test(JSON.stringify(r.body))).length >= 2 || undefined,
    );

    expect(h.slack.socket.openConnections).toBe(2);
    expect(a!.connection).not.toBe(b!.connection);
    expect([viaA.replica?.id, viaB.replica?.id]).toEqual(['replica-a', 'replica-b']);
    expect(await commandsAnswered(a!.process.port, 'help')).toBe(1);
    expect(await commandsAnswered(b!.process.port, 'help')).toBe(1);
  });

  it('spreads envelopes over both replicas when the test names none', async () => {
    const acks = [];
    for (let i = 0; i < 4; i += 1) acks.push(await h.command('help'));

    expect(new Set(acks.map((ack) => ack.replica?.id))).toEqual(new Set(['replica-a', 'replica-b']));
  });

  it("shares the state: a freeze set through one replica shows in the other one's answer", async () => {
    const [a, b] = h.replicas;

    await h.command('freeze harness check of the shared file', { userId: USERS.bob, via: a });
    await waitUntil('the freeze', () =>
      h.slack.responses.find((r) => JSON.stringify(r.body).includes('harness check')),
    );
    const from = h.slack.responses.length;
    await h.command('help', { via: b });
    const help = await h.slack.waitForResponse(undefined, { from, timeoutMs: 10_000 });
    // Another approver lifts it (self-approval is off).
    await h.command('unfreeze', { userId: USERS.dave, via: b });
    // The ack comes first; the later tests approve, so wait until the freeze is really lifted.
    await waitUntil('the unfreeze', () =>
      h.slack.responses.find((r) => JSON.stringify(r.body).includes('Changes unfrozen')),
    );

    expect(JSON.stringify(help.body)).toContain('harness check of the shared file');
  });

  it("writes each replica's id on every one of its log lines", () => {
    for (const replica of h.replicas) {
      const lines = replica.logs();
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((line) => line.replica !== replica.id)).toEqual([]);
    }
  });

  it('sends a retried envelope to the other replica, which answers it', async () => {
    const [a, b] = h.replicas;
    const before = await commandsAnswered(b!.process.port, 'history');

    const first = await h.command('history', { via: a });
    const again = await h.retry(first.envelopeId);

    expect(again.replica?.id).toBe(b!.id);
    expect(h.slack.socket.envelopes.at(-1)).toMatchObject({ retryAttempt: 1, retryOf: first.envelopeId });
    await waitUntil(
      'the retry answered by replica-b',
      async () => (await commandsAnswered(b!.process.port, 'history')) > before || undefined,
    );
  });

  it('runs a request made through one replica once, when it is approved through the other', async () => {
    const [a, b] = h.replicas;
    const from = h.slack.calls.length;

    await h.command(`delete-clustermachine ${W3} VM deleted in Proxmox`, { via: a });
    const cardCall = await h.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
      { from, timeoutMs: 30_000 },
    );
    const card = storedMessage(h.slack, cardCall);
    // The incident notice is replica-a's last step for a new request, after its last write: two
    // processes on one SQLite file answer "database is locked" to a claim that overlaps another's
    // write (the claim's transaction cannot wait for the file lock; PostgreSQL mode has no such file).
    await h.slack.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === INCIDENTS, {
      from: h.slack.calls.indexOf(cardCall),
      timeoutMs: 30_000,
    });
    const approval = await h.click(card, ACTION.approve, { userId: USERS.bob, via: b });
    const summary = await h.slack
      .waitFor(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.params.thread_ts === card.ts &&
          /Succeeded|Failed|Cancelled/.test(String(c.params.text)),
        { timeoutMs: 60_000 },
      )
      .catch((error: Error) => {
        const thread = h.slack.thread(card.channel, card.ts).map((m) => m.text);
        throw new Error(
          `${error.message}\nthread: ${JSON.stringify(thread)}\nreplica-b: ${JSON.stringify(b!.logs().slice(-8))}`,
        );
      });

    expect(approval.replica?.id).toBe(b!.id);
    expect(String(summary.params.text)).toContain('Succeeded');
    const changes = mutatingCalls(await h.omni.readLog());
    expect(changes).toContain(`delete clustermachines ${W3}`);
    // Nothing twice: each change the plan makes ran once, on one replica.
    expect(changes).toEqual([...new Set(changes)]);
    expect(await approvalsCounted(b!.process.port)).toBe(1);
    expect(await approvalsCounted(a!.process.port)).toBe(0);
  }, 120_000);

  it('loses a replica to kill -9, serves every envelope from the other, and takes it back on restart', async () => {
    const [a, b] = h.replicas;

    await a!.kill();
    await waitUntil(
      "the killed replica's connection to drop",
      () => h.slack.socket.openConnections === 1 || undefined,
    );
    const whileDown = [await h.command('help'), await h.command('help')];
    await a!.restart();
    const viaRestarted = await h.command('help', { via: a });

    expect(whileDown.map((ack) => ack.replica?.id)).toEqual([b!.id, b!.id]);
    expect(h.slack.socket.openConnections).toBe(2);
    expect(viaRestarted.replica?.id).toBe(a!.id);
    await waitUntil(
      'the restarted replica to answer',
      async () => (await commandsAnswered(a!.process.port, 'help')) === 1 || undefined,
    );
    // Both runs of replica-a wrote their start line, under the same id.
    await waitUntil('the second start line', () => {
      const starts = a!.logs().filter((line) => line.msg === 'omni-chatops started');
      return starts.length === 2 ? starts : undefined;
    });
  });
});

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { sendMessage } from '../slack/send-message.js';
import type { SlackMessage } from '../slack/views/block-kit.js';
import { createStore } from '../store/create-store.js';
import { createOutboxDelivery, MAX_REFUSALS, type OutboxDeps } from './create-outbox-delivery.js';

type Answer = () => Promise<{ ok: true } | { ok: false; error: string }>;

async function outboxWith(texts: string[], edit: Record<string, string> = {}) {
  const { outbox } = await createStore(':memory:');
  for (const text of texts)
    await outbox.add({
      what: edit[text] ? 'card' : 'summary',
      runId: `run-${text}`,
      channel: 'C0OPS',
      threadTs: edit[text] ? null : '1.0',
      editTs: edit[text] ?? null,
      message: { text, blocks: [] },
      createdAt: '2026-08-22T09:30:00Z',
    });
  return outbox;
}

// A Slack stand-in that records what was sent (`post text@thread` or `update text>ts`) and answers
// each call with the next planned answer, else with `refuse(text)` when it names an error, else ok.
function slackAnswering(
  answers: Answer[] = [],
  refuse: (text: string) => string | undefined = () => undefined,
) {
  const sent: string[] = [];
  const errors: string[] = [];
  const answer = (text: string) => {
    const planned = answers.shift();
    if (planned) return planned();
    const error = refuse(text);
    return Promise.resolve(error ? { ok: false as const, error } : { ok: true as const });
  };
  const logger = pino({ level: 'warn' }, { write: (line: string) => errors.push(line) });
  const slack = {
    post: (_channel: string, message: SlackMessage, threadTs?: string) => {
      sent.push(`post ${message.text}@${threadTs}`);
      return answer(message.text);
    },
    update: (_channel: string, ts: string, message: SlackMessage) => {
      sent.push(`update ${message.text}>${ts}`);
      return answer(message.text);
    },
  };
  const deps = (outbox: OutboxDeps['outbox']): OutboxDeps => ({
    outbox,
    send: (target, message) => sendMessage(slack, target, message as SlackMessage),
    clock: () => new Date('2026-08-22T09:30:00Z'),
    logger,
    replica: 'replica-a',
  });
  return { sent, errors, deps };
}

describe('createOutboxDelivery', () => {
  it('sends the kept messages oldest first, edits as edits, and empties the outbox', async () => {
    const outbox = await outboxWith(['a', 'b'], { b: '7.0' });
    const slack = slackAnswering();
    const { deliver } = createOutboxDelivery(slack.deps(outbox));

    expect(await deliver()).toBe(2);
    expect(slack.sent).toEqual(['post a@1.0', 'update b>7.0']);
    expect(await outbox.pending()).toEqual([]);
  });

  it('stops when Slack is unreachable or busy (thrown, or ratelimited) and keeps that one and the rest, counting the attempt', async () => {
    const outbox = await outboxWith(['a', 'b']);
    const slack = slackAnswering([
      () => Promise.reject(new Error('An HTTP protocol error occurred: statusCode = 503')),
      () => Promise.resolve({ ok: false, error: 'ratelimited' }),
    ]);
    const { deliver } = createOutboxDelivery(slack.deps(outbox));

    expect(await deliver()).toBe(0);
    expect(await deliver()).toBe(0);
    expect((await outbox.pending()).map((e) => [e.message.text, e.attempts])).toEqual([
      ['a', 2],
      ['b', 0],
    ]);
    expect(await deliver()).toBe(2);
    expect(slack.sent).toEqual(['post a@1.0', 'post a@1.0', 'post a@1.0', 'post b@1.0']);
  });

  it('does not let a message Slack refuses for its own reasons hold back the others, and gives it up after the last attempt', async () => {
    const outbox = await outboxWith(['a', 'b']);
    const slack = slackAnswering([], (text) => (text === 'a' ? 'is_archived' : undefined));
    const { deliver } = createOutboxDelivery(slack.deps(outbox));

    expect(await deliver()).toBe(1);
    expect((await outbox.pending()).map((e) => [e.message.text, e.attempts])).toEqual([['a', 1]]);
    for (let i = 1; i < MAX_REFUSALS; i += 1) await deliver();

    expect(slack.sent.filter((s) => s === 'post a@1.0')).toHaveLength(MAX_REFUSALS);
    expect(await outbox.pending()).toEqual([]);
    const givenUp = slack.errors.filter((l) => l.includes('kept message given up'));
    expect(givenUp).toHaveLength(1);
    expect(givenUp[0]).toContain('"error":"is_archived"');
    expect(givenUp[0]).toContain(`"attempts":${MAX_REFUSALS}`);
  });

  it('runs one pass at a time: a second call while one runs shares it', async () => {
    const outbox = await outboxWith(['a']);
    let release = () => {};
    const slack = slackAnswering([
      () =>
        new Promise((resolve) => {
          release = () => resolve({ ok: true });
        }),
    ]);
    const { deliver } = createOutboxDelivery(slack.deps(outbox));

    const first = deliver();
    const second = deliver();
    await new Promise((resolve) => setImmediate(resolve));
    release();

    expect(await first).toBe(1);
    expect(await second).toBe(1);
    expect(slack.sent).toEqual(['post a@1.0']);
  });

  it('stops after the message being posted: its row is removed, the rest stay, and no pass starts again', async () => {
    const outbox = await outboxWith(['a', 'b']);
    let release = () => {};
    const slack = slackAnswering([
      () =>
        new Promise((resolve) => {
          release = () => resolve({ ok: true });
        }),
    ]);
    const delivery = createOutboxDelivery(slack.deps(outbox));

    const pass = delivery.deliver();
    await new Promise((resolve) => setImmediate(resolve));
    let stopped = false;
    const stopping = delivery.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;

    expect(await pass).toBe(1);
    expect(slack.sent).toEqual(['post a@1.0']);
    expect((await outbox.pending()).map((e) => e.message.text)).toEqual(['b']);
    expect(await delivery.deliver()).toBe(0);
    expect(slack.sent).toEqual(['post a@1.0']);
  });

  it('keeps a message Slack refuses, as it was, or, for an incident notice, saying when it happened', async () => {
    const { outbox } = await createStore(':memory:');
    const slack = slackAnswering([], (text) => (text === 'taken' ? undefined : 'channel_not_found'));
    const delivery = createOutboxDelivery(slack.deps(outbox));
    const render = (text: string) => (happenedAt?: Date) => ({
      text: happenedAt ? `${text} (happened at ${happenedAt.toISOString()})` : text,
      blocks: [],
    });

    await delivery.sendOrKeep(
      { what: 'summary', runId: 'run-1', channel: 'C0OPS', threadTs: '1.0' },
      render('summary'),
    );
    await delivery.sendOrKeep(
      { what: 'incident', runId: null, channel: 'C0INC', threadTs: null },
      render('incident'),
    );
    await delivery.sendOrKeep(
      { what: 'card', runId: null, channel: 'C0OPS', threadTs: null, editTs: '1.0' },
      render('taken'),
    );

    expect(slack.sent).toEqual(['post summary@1.0', 'post incident@undefined', 'update taken>1.0']);
    expect((await outbox.pending()).map((e) => [e.what, e.editTs ?? e.threadTs, e.message.text])).toEqual([
      ['summary', '1.0', 'summary'],
      ['incident', null, 'incident (happened at 2026-08-22T09:30:00.000Z)'],
    ]);
  });

  it('keeps its claim on a message Slack is slow to take: another replica sends nothing meanwhile, and the message goes out once', async () => {
    const outbox = await outboxWith(['a']);
    let release = () => {};
    const slack = slackAnswering([
      () =>
        new Promise((resolve) => {
          release = () => resolve({ ok: true });
        }),
    ]);
    let now = Date.parse('2026-08-22T09:30:00Z');
    const timers: { run: () => void; ms: number }[] = [];
    const replica = (name: string) =>
      createOutboxDelivery({
        ...slack.deps(outbox),
        replica: name,
        clock: () => new Date(now),
        schedule: (run, ms) => {
          const entry = { run, ms };
          timers.push(entry);
          return () => timers.splice(timers.indexOf(entry), 1);
        },
      });
    const a = replica('replica-a');
    const b = replica('replica-b');
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    const slowPass = a.deliver();
    await settle();
    const renewEvery = timers.map((t) => t.ms);
    now += 50_000;
    timers.shift()?.run();
    await settle();
    now += 30_000;
    const byB = await b.deliver();
    release();

    expect(renewEvery).toEqual([20_000]);
    expect(byB).toBe(0);
    expect(await slowPass).toBe(1);
    expect(slack.sent).toEqual(['post a@1.0']);
    expect(timers).toEqual([]);
  });
});

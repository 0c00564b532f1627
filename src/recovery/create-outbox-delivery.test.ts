import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/open-database.js';
import { createOutbox } from '../store/outbox.js';
import { createOutboxDelivery } from './create-outbox-delivery.js';

function outboxWith(texts: string[]) {
  const outbox = createOutbox(openDatabase(':memory:'));
  for (const text of texts)
    outbox.add({
      what: 'summary',
      runId: `run-${text}`,
      channel: 'C0OPS',
      threadTs: '1.0',
      message: { text, blocks: [] },
      createdAt: '2026-08-22T09:30:00Z',
    });
  return outbox;
}

describe('createOutboxDelivery', () => {
  it('sends the kept messages oldest first and empties the outbox', async () => {
    const outbox = outboxWith(['a', 'b']);
    const posted: string[] = [];
    const { deliver } = createOutboxDelivery({
      outbox,
      post: async (_channel, message, threadTs) => {
        posted.push(`${message.text}@${threadTs}`);
        return { ok: true };
      },
      logger: pino({ level: 'silent' }),
    });

    expect(await deliver()).toBe(2);
    expect(posted).toEqual(['a@1.0', 'b@1.0']);
    expect(outbox.pending()).toEqual([]);
  });

  it('stops at the first refusal (thrown or returned) and keeps it and the rest, counting the attempt', async () => {
    const outbox = outboxWith(['a', 'b']);
    const answers = [
      () => Promise.reject(new Error('An HTTP protocol error occurred: statusCode = 503')),
      () => Promise.resolve({ ok: false as const, error: 'ratelimited' }),
    ];
    const posted: string[] = [];
    const { deliver } = createOutboxDelivery({
      outbox,
      post: (_channel, message) => {
        posted.push(message.text);
        return (answers.shift() ?? (() => Promise.resolve({ ok: true as const })))();
      },
      logger: pino({ level: 'silent' }),
    });

    expect(await deliver()).toBe(0);
    expect(await deliver()).toBe(0);
    expect(outbox.pending().map((e) => [e.message.text, e.attempts])).toEqual([
      ['a', 2],
      ['b', 0],
    ]);
    expect(await deliver()).toBe(2);
    expect(posted).toEqual(['a', 'a', 'a', 'b']);
  });

  it('runs one pass at a time: a second call while one runs shares it', async () => {
    const outbox = outboxWith(['a']);
    let release = () => {};
    const posted: string[] = [];
    const { deliver } = createOutboxDelivery({
      outbox,
      post: (_channel, message) => {
        posted.push(message.text);
        return new Promise((resolve) => {
          release = () => resolve({ ok: true });
        });
      },
      logger: pino({ level: 'silent' }),
    });

    const first = deliver();
    const second = deliver();
    await new Promise((resolve) => setImmediate(resolve));
    release();

    expect(await first).toBe(1);
    expect(await second).toBe(1);
    expect(posted).toEqual(['a']);
  });

  it('stops after the message being posted: its row is removed, the rest stay, and no pass starts again', async () => {
    const outbox = outboxWith(['a', 'b']);
    let release = () => {};
    const posted: string[] = [];
    const delivery = createOutboxDelivery({
      outbox,
      post: (_channel, message) => {
        posted.push(message.text);
        return new Promise((resolve) => {
          release = () => resolve({ ok: true });
        });
      },
      logger: pino({ level: 'silent' }),
    });

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
    expect(posted).toEqual(['a']);
    expect(outbox.pending().map((e) => e.message.text)).toEqual(['b']);
    expect(await delivery.deliver()).toBe(0);
    expect(posted).toEqual(['a']);
  });
});

import { once } from 'node:events';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { fakeWebClient } from './fake-web-client.js';
import { slashCommandPayload } from './slack-requests.js';
import { type FakeSlack, startFakeSlack } from './start-fake-slack.js';

let fake: FakeSlack;
const clients: WebSocket[] = [];

// A bare client, to check the protocol without Bolt in between; `id` is the fake's connection id.
async function connect(): Promise<{ ws: WebSocket; hello: Record<string, unknown>; id: number }> {
  const { url } = await fakeWebClient(fake, fake.options.appToken).apps.connections.open();
  const ws = new WebSocket(url!);
  clients.push(ws);
  const [data] = await once(ws, 'message');
  return { ws, hello: JSON.parse(String(data)), id: fake.socket.connections.at(-1)!.id };
}

// Every envelope a client receives, parsed.
function received(ws: WebSocket): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  return messages;
}

const ackEverything = (ws: WebSocket, payload: unknown = {}) =>
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.envelope_id) ws.send(JSON.stringify({ envelope_id: message.envelope_id, payload }));
  });

beforeEach(async () => {
  fake ??= await startFakeSlack();
  fake.reset();
});
afterEach(() => {
  // Server side first: its sockets stop counting as open at once.
  fake.socket.drop();
  for (const ws of clients.splice(0)) ws.terminate();
});
afterAll(() => fake?.close());

describe('Socket Mode server', () => {
  it('sends hello on connect and reports the connection', async () => {
    const { hello } = await connect();

    await fake.socket.connected();
    expect(hello).toMatchObject({ type: 'hello', connection_info: { app_id: 'A0APP' } });
    expect(fake.socket.openConnections).toBe(1);
  });

  it('accepts each ticket once', async () => {
    const { url } = await fakeWebClient(fake, fake.options.appToken).apps.connections.open();
    const first = new WebSocket(url!);
    clients.push(first);
    await once(first, 'open');

    const second = new WebSocket(url!);
    clients.push(second);
    const [error] = await once(second, 'error');

    expect(String(error)).toMatch(/401/);
  });

  it('sends an envelope and resolves with the ack payload', async () => {
    const { ws } = await connect();
    ackEverything(ws, { text: 'on it' });
    const received = once(ws, 'message');
    const payload = slashCommandPayload({
      text: 'status',
      userId: 'U0ALICE',
      channelId: 'C0OPS',
      responseUrl: 'u',
    });

    const ack = await fake.socket.send('slash_commands', payload);

    const [envelope] = await received;
    expect(JSON.parse(String(envelope))).toMatchObject({
      envelope_id: ack.envelopeId,
      type: 'slash_commands',
      accepts_response_payload: true,
      payload,
    });
    expect(ack.ackPayload).toEqual({ text: 'on it' });
  });

  it('puts retry fields on events_api envelopes', async () => {
    const { ws } = await connect();
    ackEverything(ws);
    const received = once(ws, 'message');

    await fake.socket.send(
      'events_api',
      { type: 'event_callback' },
      { retryAttempt: 1, retryReason: 'timeout' },
    );

    const [envelope] = await received;
    expect(JSON.parse(String(envelope))).toMatchObject({ retry_attempt: 1, retry_reason: 'timeout' });
  });

  it('rejects when the client does not ack in time, and still records a late ack', async () => {
    const { ws } = await connect();
    const received = once(ws, 'message');

    const sending = fake.socket.send('interactive', { type: 'block_actions' }, { timeoutMs: 50 });
    await expect(sending).rejects.toThrow(/not acked within 50 ms/);
    const [envelope] = await received;
    ws.send(JSON.stringify({ envelope_id: JSON.parse(String(envelope)).envelope_id, payload: {} }));
    // A ping after the ack: its pong proves the server has read the ack.
    ws.ping();
    await once(ws, 'pong');

    expect(fake.socket.envelopes[0]).toMatchObject({ timedOut: true, ack: { payload: {} } });
  });

  it('rejects at once without a connection', async () => {
    await expect(fake.socket.send('events_api', {})).rejects.toThrow(/dispatch_failed/);
  });

  it('sends disconnect messages', async () => {
    const { ws } = await connect();
    const received = once(ws, 'message');

    fake.socket.disconnect('link_disabled');

    const [message] = await received;
    expect(JSON.parse(String(message))).toMatchObject({ type: 'disconnect', reason: 'link_disabled' });
  });

  it('spreads envelopes round-robin over the open connections and records which got each', async () => {
    const clientsById = await Promise.all([connect(), connect(), connect()]);
    const inboxes = clientsById.map(({ ws }) => {
      ackEverything(ws);
      return received(ws);
    });

    const acks = [];
    for (let i = 0; i < 6; i += 1) acks.push(await fake.socket.send('events_api', { n: i }));

    const ids = clientsById.map((c) => c.id);
    expect(acks.map((a) => a.connection)).toEqual([...ids, ...ids]);
    expect(fake.socket.envelopes.map((e) => e.connection)).toEqual([...ids, ...ids]);
    expect(inboxes.map((inbox) => inbox.map((m) => (m.payload as { n: number }).n))).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
  });

  it('delivers on the connection a test names, and refuses a closed one', async () => {
    const first = await connect();
    const second = await connect();
    ackEverything(first.ws);
    ackEverything(second.ws);
    const firstInbox = received(first.ws);

    const acks = [
      await fake.socket.send('events_api', { n: 1 }, { connection: first.id }),
      await fake.socket.send('events_api', { n: 2 }, { connection: first.id }),
    ];
    fake.socket.drop({ connection: second.id });

    expect(acks.map((a) => a.connection)).toEqual([first.id, first.id]);
    expect(firstInbox).toHaveLength(2);
    await expect(fake.socket.send('events_api', {}, { connection: second.id })).rejects.toThrow(
      `connection ${second.id} is not open`,
    );
    expect(fake.socket.openConnections).toBe(1);
    expect(fake.socket.connections.find((c) => c.id === second.id)).toMatchObject({ open: false });
  });

  it('retries an unacked envelope on another connection, with retry_attempt and retry_reason', async () => {
    const silent = await connect();
    const answering = await connect();
    const silentInbox = received(silent.ws);
    const answeringInbox = received(answering.ws);
    ackEverything(answering.ws);
    const payload = { type: 'block_actions', actions: [{ action_id: 'approve' }] };

    const first = fake.socket.send('interactive', payload, { connection: silent.id, timeoutMs: 50 });
    await expect(first).rejects.toThrow(/not acked within 50 ms/);
    const original = fake.socket.envelopes.at(-1)!;
    const ack = await fake.socket.retry(original.envelopeId);

    expect(ack.connection).toBe(answering.id);
    expect(silentInbox).toHaveLength(1);
    expect(answeringInbox).toEqual([
      expect.objectContaining({ payload, type: 'interactive', retry_attempt: 1, retry_reason: 'timeout' }),
    ]);
    expect(answeringInbox[0]?.envelope_id).not.toBe(original.envelopeId);
    expect(fake.socket.envelopes.at(-1)).toMatchObject({
      connection: answering.id,
      retryAttempt: 1,
      retryReason: 'timeout',
      retryOf: original.envelopeId,
      ack: { payload: {} },
    });
  });

  it('counts retries up and takes an ack only from the connection that got the envelope', async () => {
    const a = await connect();
    const b = await connect();
    const bInbox = received(b.ws);
    const aInbox = received(a.ws);

    const first = fake.socket.send('events_api', { n: 1 }, { connection: a.id, timeoutMs: 50 });
    await expect(first).rejects.toThrow(/not acked/);
    const original = fake.socket.envelopes.at(-1)!.envelopeId;
    const second = fake.socket.retry(original, { reason: 'http_error', timeoutMs: 50 });
    await expect(second).rejects.toThrow(/not acked/);
    // An ack of the retry's id sent by the wrong connection is not the retry's ack.
    a.ws.send(JSON.stringify({ envelope_id: bInbox[0]?.envelope_id, payload: {} }));
    ackEverything(a.ws);
    const third = await fake.socket.retry(original);

    expect(bInbox[0]).toMatchObject({ retry_attempt: 1, retry_reason: 'http_error' });
    expect(aInbox.at(-1)).toMatchObject({ retry_attempt: 2, retry_reason: 'timeout' });
    expect(third.connection).toBe(a.id);
    expect(fake.socket.envelopes.at(-2)?.ack).toBeUndefined();
  });

  it('turns away an eleventh connection with too_many_websockets', async () => {
    for (let i = 0; i < 10; i += 1) await connect();

    const { hello } = await connect();

    expect(hello).toMatchObject({ type: 'disconnect', reason: 'too_many_websockets' });
    expect(fake.socket.openConnections).toBe(10);
  });
});

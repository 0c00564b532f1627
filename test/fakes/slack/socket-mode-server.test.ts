import { once } from 'node:events';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { fakeWebClient } from './fake-web-client.js';
import { slashCommandPayload } from './slack-requests.js';
import { type FakeSlack, startFakeSlack } from './start-fake-slack.js';

let fake: FakeSlack;
const clients: WebSocket[] = [];

// A bare client, to check the protocol without Bolt in between.
async function connect(): Promise<{ ws: WebSocket; hello: Record<string, unknown> }> {
  const { url } = await fakeWebClient(fake, fake.options.appToken).apps.connections.open();
  const ws = new WebSocket(url!);
  clients.push(ws);
  const [data] = await once(ws, 'message');
  return { ws, hello: JSON.parse(String(data)) };
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
});

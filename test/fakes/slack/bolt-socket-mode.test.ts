import { App, SocketModeReceiver } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger } from './capture-logger.js';
import { AckTimeoutError } from './send-envelope.js';
import { blockActionsPayload, eventCallbackPayload, slashCommandPayload } from './slack-requests.js';
import { type FakeSlack, startFakeSlack } from './start-fake-slack.js';

// A real Bolt app with SocketModeReceiver: apps.connections.open → ws hello → envelopes → acks.
let fake: FakeSlack;
let app: App;

beforeAll(async () => {
  fake = await startFakeSlack();
  const logger = captureLogger();
  const slackApiUrl = fake.apiUrl;
  app = new App({
    receiver: new SocketModeReceiver({
      appToken: fake.options.appToken,
      clientPingTimeout: 300,
      logger,
      installerOptions: { clientOptions: { slackApiUrl, retryConfig: { retries: 0 } } },
    }),
    token: fake.options.botToken,
    botId: fake.options.botId,
    botUserId: fake.options.botUserId,
    clientOptions: { slackApiUrl, retryConfig: { retries: 0 }, timeout: 2000 },
    logger,
  });
  app.command('/omni', async ({ ack, say, command }) => {
    await ack({ text: `Looking into ${command.text}…` });
    await say(`ran ${command.text}`);
  });
  app.action('omni_approve', async ({ ack, client, body }) => {
    await ack();
    await client.chat.postMessage({ channel: body.channel?.id ?? '', text: `approved by ${body.user.id}` });
  });
  app.event('app_mention', async ({ event, say }) => {
    await say({ text: 'hello', thread_ts: event.ts });
  });
  await app.start();
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const command = (text: string) =>
  slashCommandPayload({ text, userId: 'U0ALICE', channelId: 'C0OPS', responseUrl: fake.responseUrl() });

describe('Bolt SocketModeReceiver against the fake', () => {
  it('acks a slash command envelope with the ack body and posts a message', async () => {
    await fake.socket.connected();

    const ack = await fake.socket.send('slash_commands', command('status'));

    expect(ack.ackPayload).toEqual({ text: 'Looking into status…' });
    expect(ack.ackMs).toBeLessThan(3000);
    expect(fake.ephemerals('U0ALICE')).toMatchObject([{ text: 'Looking into status…', source: 'ack' }]);
    await fake.waitFor('chat.postMessage');
    expect(fake.channelMessages('C0OPS').map((m) => m.text)).toEqual(['ran status']);
  });

  it('acks a button click with an empty payload', async () => {
    const approval = fake.seedMessage({ channel: 'C0OPS', user: 'U0BOT', text: 'Approve?' });
    const payload = blockActionsPayload({
      actionId: 'omni_approve',
      userId: 'U0BOB',
      message: approval,
      responseUrl: 'x',
    });

    const ack = await fake.socket.send('interactive', payload);

    expect(ack.ackPayload).toEqual({});
    expect((await fake.waitFor('chat.postMessage')).params.text).toBe('approved by U0BOB');
  });

  it('acks events before the listener runs, and the reply goes into the thread', async () => {
    const mention = fake.seedMessage({ channel: 'C0OPS', user: 'U0ALICE', text: '<@U0BOT> hi' });
    const event = {
      type: 'app_mention',
      user: 'U0ALICE',
      text: mention.text,
      ts: mention.ts,
      channel: 'C0OPS',
    };

    await fake.socket.send('events_api', eventCallbackPayload({ event: { ...event, event_ts: mention.ts } }));

    await fake.waitFor('chat.postMessage');
    expect(fake.thread('C0OPS', mention.ts).map((m) => m.text)).toEqual(['<@U0BOT> hi', 'hello']);
  });

  it('rejects with AckTimeoutError when nothing acks (Socket Mode has no 404)', async () => {
    const unhandled = slashCommandPayload({
      ...{ text: 'x', userId: 'U0ALICE', channelId: 'C0OPS' },
      command: '/nope',
      responseUrl: 'x',
    });

    await expect(fake.socket.send('slash_commands', unhandled, { timeoutMs: 300 })).rejects.toBeInstanceOf(
      AckTimeoutError,
    );
  });

  it('reconnects after a disconnect message and keeps working', async () => {
    const reconnected = fake.socket.nextConnection();

    fake.socket.disconnect('refresh_requested');
    await reconnected;
    const ack = await fake.socket.send('slash_commands', command('after-refresh'));

    expect(ack.ackPayload).toMatchObject({ text: 'Looking into after-refresh…' });
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
  });
});

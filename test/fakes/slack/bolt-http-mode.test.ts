import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger } from './capture-logger.js';
import { blockActionsPayload, interactionBody, postSigned, slashCommandBody } from './slack-requests.js';
import { type FakeSlack, startFakeSlack } from './start-fake-slack.js';

// A real Bolt app with HTTPReceiver against the fake: Slack → signed POST → Bolt → Web API → fake.
const SECRET = '0123456789abcdef0123456789abcdef';
let fake: FakeSlack;
let app: App;
let boltUrl: string;
const retryNums: (number | undefined)[] = [];

beforeAll(async () => {
  fake = await startFakeSlack();
  const logger = captureLogger();
  app = new App({
    receiver: new HTTPReceiver({ signingSecret: SECRET, unhandledRequestTimeoutMillis: 200, logger }),
    token: fake.options.botToken,
    botId: fake.options.botId,
    botUserId: fake.options.botUserId,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, timeout: 2000 },
    logger,
  });
  app.command('/omni', async ({ ack, say, command, context }) => {
    await ack();
    retryNums.push(context.retryNum);
    await say(`ran ${command.text}`);
  });
  app.action('omni_approve', async ({ ack, respond }) => {
    await ack();
    await respond({ replace_original: true, text: 'Approved by bob' });
  });
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  boltUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const command = (text: string, extra: { command?: string } = {}) =>
  slashCommandBody({
    text,
    userId: 'U0ALICE',
    channelId: 'C0OPS',
    responseUrl: fake.responseUrl(),
    ...extra,
  });

describe('Bolt HTTPReceiver against the fake', () => {
  it('acks a signed slash command with 200 and the listener’s message lands in the channel', async () => {
    const response = await postSigned(boltUrl, { body: command('status'), signingSecret: SECRET });

    const call = await fake.waitFor('chat.postMessage');
    expect([response.status, response.body]).toEqual([200, '']);
    expect(call.params).toMatchObject({ team_id: 'T0TEAM', channel: 'C0OPS', text: 'ran status' });
    expect(fake.channelMessages('C0OPS').map((m) => m.text)).toEqual(['ran status']);
  });

  it('answers 401 to a bad signature', async () => {
    const response = await postSigned(boltUrl, { body: command('x'), signingSecret: 'not-the-secret' });

    expect([response.status, response.body]).toEqual([401, '']);
  });

  it('answers 401 to a timestamp older than five minutes', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;

    const response = await postSigned(boltUrl, {
      body: command('x'),
      signingSecret: SECRET,
      timestamp: stale,
    });

    expect(response.status).toBe(401);
  });

  it('answers 400 when the content type carries a charset (why postSigned sends a string body)', async () => {
    const contentType = 'application/x-www-form-urlencoded; charset=utf-8';

    const response = await postSigned(boltUrl, { body: command('x'), signingSecret: SECRET, contentType });

    expect(response.status).toBe(400);
  });

  it('answers 404 when no listener acks (after unhandledRequestTimeoutMillis)', async () => {
    const response = await postSigned(boltUrl, {
      body: command('x', { command: '/other' }),
      signingSecret: SECRET,
    });

    expect(response.status).toBe(404);
    expect(response.ms).toBeGreaterThanOrEqual(190);
  });

  it('passes X-Slack-Retry-Num through to context.retryNum', async () => {
    retryNums.length = 0;

    await postSigned(boltUrl, {
      body: command('r'),
      signingSecret: SECRET,
      headers: { 'X-Slack-Retry-Num': '2' },
    });

    await fake.waitFor('chat.postMessage');
    expect(retryNums).toEqual([2]);
  });

  it('delivers a button click whose respond() replaces the approval message', async () => {
    const approval = fake.seedMessage({ channel: 'C0OPS', user: 'U0BOT', text: 'Approve drain?' });
    const responseUrl = fake.responseUrl({ channel: 'C0OPS', userId: 'U0BOB', messageTs: approval.ts });
    const payload = blockActionsPayload({
      actionId: 'omni_approve',
      userId: 'U0BOB',
      message: approval,
      responseUrl,
    });

    const response = await postSigned(boltUrl, { body: interactionBody(payload), signingSecret: SECRET });

    expect(response.status).toBe(200);
    expect(await fake.waitForResponse()).toMatchObject({
      outcome: 'replaced',
      body: { replace_original: true },
    });
    expect(fake.channelMessages('C0OPS')).toMatchObject([{ ts: approval.ts, text: 'Approved by bob' }]);
  });
});

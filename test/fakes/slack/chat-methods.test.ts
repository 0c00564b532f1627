import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeWebClient } from './fake-web-client.js';
import { type FakeSlack, startFakeSlack } from './start-fake-slack.js';

let fake: FakeSlack;
const client = () => fakeWebClient(fake);
const section = (text: string) => ({ type: 'section', block_id: 'b1', text: { type: 'mrkdwn', text } });

beforeEach(async () => {
  fake ??= await startFakeSlack();
  fake.reset();
});
afterAll(() => fake?.close());

describe('chat.postMessage', () => {
  it('assigns increasing ts values and keeps thread replies under their parent', async () => {
    const parent = await client().chat.postMessage({ channel: 'C0OPS', text: 'Draining gpu-1' });
    const reply = await client().chat.postMessage({
      channel: 'C0OPS',
      text: 'step 1/3',
      thread_ts: parent.ts,
    });

    expect(parent.ts).toBe('1767000000.000100');
    expect(reply.ts).toBe('1767000000.000200');
    expect(reply.message).toMatchObject({ thread_ts: parent.ts, parent_user_id: 'U0BOT', bot_id: 'B0BOT' });
    expect(fake.channelMessages('C0OPS').map((m) => m.text)).toEqual(['Draining gpu-1']);
    expect(fake.thread('C0OPS', parent.ts!).map((m) => m.text)).toEqual(['Draining gpu-1', 'step 1/3']);
  });

  it('records the call with JSON fields decoded and the bearer token', async () => {
    await client().chat.postMessage({ channel: 'C0OPS', text: 'hi', blocks: [section('hi')] });

    const call = await fake.waitFor('chat.postMessage');
    expect(call).toMatchObject({ token: 'xoxb-fake-bot-token', status: 200 });
    expect(call.params.blocks).toEqual([section('hi')]);
    expect(fake.channelMessages('C0OPS')[0]?.blocks).toEqual([section('hi')]);
  });

  it.each([
    ['C0NOBOT', 'not_in_channel'],
    ['C0NOPE', 'channel_not_found'],
  ])('answers %s with %s', async (channel, error) => {
    await expect(client().chat.postMessage({ channel, text: 'x' })).rejects.toMatchObject({
      data: { error },
    });
  });

  it('answers invalid_arguments when channel is missing, and no_text with nothing to show', async () => {
    const form = { method: 'POST', headers: { authorization: `Bearer ${fake.options.botToken}` } };

    const noChannel = await (
      await fetch(`${fake.apiUrl}chat.postMessage`, { ...form, body: 'text=x' })
    ).json();
    const noText = await (
      await fetch(`${fake.apiUrl}chat.postMessage`, { ...form, body: 'channel=C0OPS' })
    ).json();

    expect(noChannel).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(noText).toEqual({ ok: false, error: 'no_text' });
  });

  it('truncates text above 40,000 characters and says so in warnings', async () => {
    const result = await client().chat.postMessage({ channel: 'C0OPS', text: 'x'.repeat(40_010) });

    expect((result.message?.text ?? '').length).toBe(40_000);
    expect(fake.warnings[0]?.message).toMatch(/truncated/);
  });

  it('accepts blocks without a text fallback but records a warning', async () => {
    await client().chat.postMessage({ channel: 'C0OPS', blocks: [section('only blocks')] });

    expect(fake.channelMessages('C0OPS')).toHaveLength(1);
    expect(fake.warnings).toMatchObject([
      { method: 'chat.postMessage', message: expect.stringMatching(/fallback/) },
    ]);
  });

  it('accepts JSON bodies and channel names, and opens a DM for a user id', async () => {
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.options.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: '#incidents', text: 'sev2', blocks: [section('sev2')] }),
    });
    await client().chat.postMessage({ channel: 'U0ALICE', text: 'psst' });

    expect(await response.json()).toMatchObject({ ok: true, channel: 'C0INC' });
    expect(fake.channelMessages('C0INC')[0]?.blocks).toEqual([section('sev2')]);
    expect(fake.channelMessages('D0ALICE')[0]?.text).toBe('psst');
  });
});

describe('chat.update and chat.delete', () => {
  it('replaces text and blocks and keeps the edit history', async () => {
    const posted = await client().chat.postMessage({ channel: 'C0OPS', text: 'v1', blocks: [section('v1')] });

    const updated = await client().chat.update({ channel: 'C0OPS', ts: posted.ts!, text: 'v2', blocks: [] });

    expect(updated).toMatchObject({ ok: true, channel: 'C0OPS', ts: posted.ts, text: 'v2' });
    const [message] = fake.channelMessages('C0OPS');
    expect(message).toMatchObject({ text: 'v2', blocks: undefined });
    expect(message?.edits).toMatchObject([{ text: 'v1', blocks: [section('v1')] }]);
  });

  it.each([
    ['an unknown ts', () => ({ ts: '1.000001', text: 'x' }), 'message_not_found'],
    [
      'a user message',
      () => ({ ts: fake.seedMessage({ channel: 'C0OPS', user: 'U0ALICE', text: 'hi' }).ts, text: 'x' }),
      'cant_update_message',
    ],
    [
      'text over 4,000 characters',
      () => ({
        ts: fake.seedMessage({ channel: 'C0OPS', user: 'U0BOT', text: 'a' }).ts,
        text: 'x'.repeat(4001),
      }),
      'msg_too_long',
    ],
  ])('refuses %s', async (_case, args, error) => {
    await expect(client().chat.update({ channel: 'C0OPS', ...args() })).rejects.toMatchObject({
      data: { error },
    });
  });

  it('deletes the bot’s own message', async () => {
    const posted = await client().chat.postMessage({ channel: 'C0OPS', text: 'oops' });

    await client().chat.delete({ channel: 'C0OPS', ts: posted.ts! });

    expect(fake.channelMessages('C0OPS')).toEqual([]);
  });
});

describe('chat.postEphemeral and chat.getPermalink', () => {
  it('stores ephemerals per user and refuses users outside the channel', async () => {
    const result = await client().chat.postEphemeral({ channel: 'C0INC', user: 'U0BOB', text: 'only you' });

    expect(result.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.ephemerals('U0BOB')).toMatchObject([
      { channel: 'C0INC', text: 'only you', ts: result.message_ts },
    ]);
    expect(fake.ephemerals('U0ALICE')).toEqual([]);
    await expect(
      client().chat.postEphemeral({ channel: 'C0INC', user: 'U0CAROL', text: 'x' }),
    ).rejects.toMatchObject({
      data: { error: 'user_not_in_channel' },
    });
  });

  it('builds message and thread permalinks', async () => {
    const parent = await client().chat.postMessage({ channel: 'C0OPS', text: 'p' });
    const reply = await client().chat.postMessage({ channel: 'C0OPS', text: 'r', thread_ts: parent.ts });

    const top = await client().chat.getPermalink({ channel: 'C0OPS', message_ts: parent.ts! });
    const inThread = await client().chat.getPermalink({ channel: 'C0OPS', message_ts: reply.ts! });

    expect(top.permalink).toBe('https://fake.slack.com/archives/C0OPS/p1767000000000100');
    expect(inThread.permalink).toBe(
      'https://fake.slack.com/archives/C0OPS/p1767000000000200?thread_ts=1767000000.000100&cid=C0OPS',
    );
  });
});

import { webApi } from '@slack/bolt';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { captureLogger } from './capture-logger.js';
import { fakeWebClient } from './fake-web-client.js';
import { type FakeSlack, startFakeSlack } from './start-fake-slack.js';

let fake: FakeSlack;
const post = (token = fake.options.botToken) =>
  fetch(`${fake.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'channel=C0OPS&text=hi',
  });

beforeEach(async () => {
  fake ??= await startFakeSlack();
  fake.reset();
});
afterAll(() => fake?.close());

describe('failNext', () => {
  it('answers the planned error with HTTP 200, then behaves normally', async () => {
    fake.failNext('chat.postMessage', { error: 'is_archived' });

    const first = await post();
    const second = await post();

    expect([first.status, await first.json()]).toEqual([200, { ok: false, error: 'is_archived' }]);
    expect(await second.json()).toMatchObject({ ok: true });
    expect(fake.channelMessages('C0OPS')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage').map((call) => call.response.ok)).toEqual([false, true]);
  });

  it('rate-limits with 429, Retry-After and the ratelimited body, `times` in a row', async () => {
    fake.failNext('chat.postMessage', { retryAfter: 7, times: 2 });

    const responses = [await post(), await post(), await post()];

    expect(responses.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(responses[0]?.headers.get('retry-after')).toBe('7');
    expect(await responses[0]?.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('lets the WebClient see a rate limit as WebAPIRateLimitedError when it rejects rate-limited calls', async () => {
    fake.failNext('chat.postMessage', { retryAfter: 30 });
    const client = new webApi.WebClient(fake.options.botToken, {
      slackApiUrl: fake.apiUrl,
      rejectRateLimitedCalls: true,
      logger: captureLogger(),
    });

    const result = client.chat.postMessage({ channel: 'C0OPS', text: 'x' });

    await expect(result).rejects.toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 30 });
  });

  it('answers a 5xx that the WebClient retries (one failure, then success = two calls)', async () => {
    fake.failNext('chat.postMessage', { status: 503 });
    const client = new webApi.WebClient(fake.options.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 },
      logger: captureLogger(),
    });

    await client.chat.postMessage({ channel: 'C0OPS', text: 'x' });

    expect(fake.callsTo('chat.postMessage').map((call) => call.status)).toEqual([503, 200]);
  });

  it('delays an answer so client timeouts can be tested', async () => {
    fake.failNext('auth.test', { delayMs: 300 });
    const client = new webApi.WebClient(fake.options.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      timeout: 50,
      logger: captureLogger(),
    });

    await expect(client.auth.test()).rejects.toMatchObject({ code: webApi.ErrorCode.RequestError });
    await fake.waitFor('auth.test');
    expect((await fakeWebClient(fake).auth.test()).ok).toBe(true);
  });

  it('fails only the calls to a given channel when one is named, in order', async () => {
    fake.failNext('chat.postMessage', { error: 'channel_not_found', channel: 'C0INC', times: 2 });
    const to = (channel: string) =>
      fetch(`${fake.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fake.options.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel, text: 'hi' }),
      }).then((r) => r.json() as Promise<{ ok: boolean }>);

    const answers = [
      await to('C0OPS'),
      await to('C0INC'),
      await to('C0OPS'),
      await to('C0INC'),
      await to('C0INC'),
    ];

    expect(answers.map((a) => a.ok)).toEqual([true, false, true, false, true]);
  });

  it('fails only the edits of a given message when a ts is named', async () => {
    const first = await fakeWebClient(fake).chat.postMessage({ channel: 'C0OPS', text: 'one' });
    const second = await fakeWebClient(fake).chat.postMessage({ channel: 'C0OPS', text: 'two' });
    fake.failNext('chat.update', { error: 'cant_update_message', ts: String(second.ts) });
    const edit = (ts: unknown) =>
      fakeWebClient(fake)
        .chat.update({ channel: 'C0OPS', ts: String(ts), text: 'edited' })
        .then(
          (r) => r.ok,
          () => false,
        );

    const answers = [await edit(first.ts), await edit(second.ts), await edit(second.ts)];

    expect(answers).toEqual([true, false, true]);
  });

  it('refuses a non-5xx status, which would not mean anything to the client', () => {
    expect(() => fake.failNext('chat.postMessage', { status: 404 })).toThrow(/5xx/);
  });
});

describe('waitFor', () => {
  it('resolves on a call that arrives later, from a given index', async () => {
    await post();
    const from = fake.calls.length;

    const waiting = fake.waitFor((call) => call.method === 'chat.postMessage', { from });
    await post();

    expect((await waiting).response.ts).toBe('1767000000.000200');
  });

  it('rejects after timeoutMs and lists what was called', async () => {
    await post();

    await expect(fake.waitFor('views.open', { timeoutMs: 50 })).rejects.toThrow(/chat\.postMessage/);
  });
});

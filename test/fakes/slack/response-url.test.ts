import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeWebClient } from './fake-web-client.js';
import { type FakeSlack, startFakeSlack } from './start-fake-slack.js';

let fake: FakeSlack;
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/slack/response-url/${name}`, import.meta.url), 'utf8'));
// What Bolt's respond() sends: JSON, no auth header.
const respond = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeEach(async () => {
  fake ??= await startFakeSlack();
  fake.reset();
});
afterAll(() => fake?.close());

describe('response_url', () => {
  it('hands out unique URLs on the fake itself', () => {
    const [a, b] = [fake.responseUrl(), fake.responseUrl()];

    expect(a).not.toBe(b);
    expect(a.startsWith(`${fake.url}/response/`)).toBe(true);
  });

  it('shows an ephemeral response to the user who ran the command', async () => {
    const url = fake.responseUrl({ channel: 'C0OPS', userId: 'U0ALICE' });

    const response = await respond(url, fixture('ephemeral.json'));

    expect([response.status, await response.text()]).toEqual([200, 'ok']);
    expect(fake.ephemerals('U0ALICE')).toMatchObject([{ channel: 'C0OPS', source: 'response_url' }]);
    expect(fake.responses).toMatchObject([
      { url, status: 200, outcome: 'ephemeral', body: fixture('ephemeral.json') },
    ]);
  });

  it('posts an in_channel response as a channel message', async () => {
    await respond(fake.responseUrl({ channel: 'C0OPS', userId: 'U0ALICE' }), fixture('in_channel.json'));

    expect(fake.channelMessages('C0OPS')).toMatchObject([{ text: fixture('in_channel.json').text }]);
  });

  it('replaces and deletes the message holding the button', async () => {
    const approval = await fakeWebClient(fake).chat.postMessage({ channel: 'C0OPS', text: 'Approve?' });
    const context = { channel: 'C0OPS', userId: 'U0BOB', messageTs: approval.ts! };

    await respond(fake.responseUrl(context), fixture('replace_original.json'));
    const afterReplace = fake.channelMessages('C0OPS')[0];
    await respond(fake.responseUrl(context), fixture('delete_original.json'));

    expect(afterReplace).toMatchObject({
      text: fixture('replace_original.json').text,
      edits: [{ text: 'Approve?' }],
    });
    expect(fake.channelMessages('C0OPS')).toEqual([]);
    expect(fake.responses.map((r) => r.outcome)).toEqual(['replaced', 'deleted']);
  });

  it('replaces an ephemeral original in the user’s ephemeral list', async () => {
    const { message_ts } = await fakeWebClient(fake).chat.postEphemeral({
      channel: 'C0OPS',
      user: 'U0BOB',
      text: 'a',
    });

    await respond(
      fake.responseUrl({ channel: 'C0OPS', userId: 'U0BOB', messageTs: message_ts!, isEphemeral: true }),
      {
        replace_original: true,
        text: 'b',
      },
    );

    expect(fake.ephemerals('U0BOB')).toMatchObject([{ text: 'b', edits: [{ text: 'a' }] }]);
  });

  it('allows five uses, then answers 404', async () => {
    const url = fake.responseUrl({ channel: 'C0OPS', userId: 'U0ALICE' });

    const statuses: number[] = [];
    for (let use = 0; use < 6; use += 1) statuses.push((await respond(url, { text: `#${use}` })).status);

    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it('answers 404 for an unknown URL and 400 for invalid blocks', async () => {
    const unknown = await respond(`${fake.url}/response/R9999`, { text: 'x' });
    const invalid = await respond(fake.responseUrl(), {
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }],
    });

    expect([unknown.status, invalid.status]).toEqual([404, 400]);
  });

  it('can be made to fail, and waited on', async () => {
    fake.failNext('response_url', { status: 500 });
    const url = fake.responseUrl();

    const waiting = fake.waitForResponse((r) => r.url === url);
    const response = await respond(url, { text: 'x' });

    expect(response.status).toBe(500);
    expect(await waiting).toMatchObject({ outcome: 'fault', status: 500 });
  });
});

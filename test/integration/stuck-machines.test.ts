import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, type Harness, startHarness, USERS } from '../support/bot-harness.js';

const W3 = 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82';
const W3_HOST = 'talos-prod-workers-p7nz2d';
const HEALTHY = [
  ['3f6a1c2e-8b47-4d2a-9e51-7c0d4b8a2f13', 'talos-prod-control-planes-b7x2kq'],
  ['1e7f9a3b-5c2d-4b68-8e0f-a3c6d9b2e574', 'talos-prod-workers-q2w6fn'],
  ['6a4c8e2f-0b7d-4f19-93a5-d8e1c7b4f026', 'talos-prod-workers-k9tx4b'],
];
const READ_ONLY_VERBS = new Set(['get', '--version']);

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe.each(['http', 'socket'] as const)('/omni stuck-machines end to end (%s mode)', (mode) => {
  it('acks at once, then posts the stuck machine and none of the healthy ones, using only reads', async () => {
    harness = await startHarness({ mode });
    const { slack } = harness;

    const ack = await harness.command('stuck-machines');
    const post = await slack.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === CHANNEL);

    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3_000);
    const blocks = JSON.stringify(post.params.blocks);
    expect(blocks).toContain(W3);
    expect(blocks).toContain(W3_HOST);
    for (const [id, host] of HEALTHY) {
      expect(blocks).not.toContain(id);
      expect(blocks).not.toContain(host);
    }
    expect(blocks).toContain('Request removal');
    const log = await harness.omniLog();
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((entry) => READ_ONLY_VERBS.has(entry.argv[0] ?? ''))).toBe(true);
  });
});

describe('/omni stuck-machines answers', () => {
  it('a healthy fleet with a short "nothing stuck" message', async () => {
    harness = await startHarness({ scenario: 'healthy' });

    await harness.command('stuck-machines talos-prod');
    const post = await harness.slack.waitFor('chat.postMessage');

    expect(String(post.params.text)).toMatch(/^Nothing stuck in talos-prod: 6 machines/);
  });

  it('an unknown subcommand with an ephemeral usage message, and runs nothing', async () => {
    harness = await startHarness();

    await harness.command('frobnicate now');
    const response = await harness.slack.waitForResponse();

    expect(response.body.response_type).toBe('ephemeral');
    expect(String(response.body.text)).toContain('`frobnicate` is not a subcommand');
    expect(String(response.body.text)).toContain('stuck-machines [cluster]');
    expect(await harness.omniLog()).toEqual([]);
    expect(harness.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('a channel without the bot with a hint to invite it', async () => {
    harness = await startHarness();

    await harness.command('stuck-machines', { channelId: 'C0NOBOT', userId: USERS.alice });
    const response = await harness.slack.waitForResponse();

    expect(response.body.response_type).toBe('ephemeral');
    expect(String(response.body.text)).toContain('/invite @omni-chatops');
  });

  it.each([
    ['expired', /service-account key.*expired/i],
    ['rejected', /rejected|invalid signature/i],
  ] as const)('an Omni key that is %s with the cause and the fix', async (auth, message) => {
    harness = await startHarness();
    await harness.omni.setAuth(auth);

    await harness.command('stuck-machines');
    const response = await harness.slack.waitForResponse();

    expect(String(response.body.text)).toMatch(message);
    expect(String(response.body.text)).toMatch(/OMNI_SERVICE_ACCOUNT_KEY/);
    expect(harness.slack.callsTo('chat.postMessage')).toEqual([]);
  });
});

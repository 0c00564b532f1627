import { afterEach, describe, expect, it } from 'vitest';
import { createFakeOmni } from '../fakes/omnictl/fake-omni.js';
import { postSigned, slashCommandBody } from '../fakes/slack/slack-requests.js';
import { type Harness, SIGNING_SECRET, startHarness, USERS } from '../support/bot-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function body(h: Harness): string {
  return slashCommandBody({
    text: 'stuck-machines',
    userId: USERS.alice,
    channelId: 'C0OPS',
    responseUrl: h.slack.responseUrl(),
  });
}

describe('HTTP receiver', () => {
  it('refuses a bad signature with 401 and posts nothing', async () => {
    harness = await startHarness();

    const response = await postSigned(harness.eventsUrl, {
      body: body(harness),
      signingSecret: 'not-the-secret',
    });

    expect(response.status).toBe(401);
    expect(harness.slack.callsTo('chat.postMessage')).toEqual([]);
    expect(await harness.omniLog()).toEqual([]);
  });

  it('refuses a stale timestamp with 401 and posts nothing', async () => {
    harness = await startHarness();
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;

    const response = await postSigned(harness.eventsUrl, {
      body: body(harness),
      signingSecret: SIGNING_SECRET,
      timestamp: sixMinutesAgo,
    });

    expect(response.status).toBe(401);
    expect(harness.slack.callsTo('chat.postMessage')).toEqual([]);
    expect(await harness.omniLog()).toEqual([]);
  });

  it('serves /healthz, and /readyz names omnictl failing with an expired key', async () => {
    const omni = await createFakeOmni({ scenario: 'healthy' });
    await omni.setAuth('expired');
    harness = await startHarness({ omni });
    const base = `http://127.0.0.1:${harness.bot.port}`;

    const health = await fetch(`${base}/healthz`);
    const ready = await fetch(`${base}/readyz`);

    expect(health.status).toBe(200);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'not ready',
      components: { slack: { ok: true }, omni: { ok: false, detail: 'omnictl failing: key-expired' } },
    });
  });

  it('reports ready when Slack and omnictl both answer', async () => {
    harness = await startHarness({ scenario: 'healthy' });

    const ready = await fetch(`http://127.0.0.1:${harness.bot.port}/readyz`);

    expect(ready.status).toBe(200);
  });
});

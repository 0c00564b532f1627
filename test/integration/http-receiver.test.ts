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

  it('refuses a request signed for another workspace: an ephemeral answer, nothing read or posted', async () => {
    harness = await startHarness();
    const h = harness;
    const from = h.slack.responses.length;

    const response = await postSigned(h.eventsUrl, {
      body: slashCommandBody({
        text: 'stuck-machines',
        userId: 'U0GUEST',
        channelId: 'C0OPS',
        teamId: 'T0OTHERORG',
        responseUrl: h.slack.responseUrl(),
      }),
      signingSecret: SIGNING_SECRET,
    });
    const answer = await h.slack.waitForResponse(undefined, { from });

    expect(response.status).toBe(200);
    expect(answer.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('This bot serves only the workspace it is installed in'),
    });
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
    expect(await h.omniLog()).toEqual([]);
    expect(h.logs.some((line) => line.includes('request from another workspace refused'))).toBe(true);
  });

  it('serves a workspace listed in ALLOWED_TEAMS', async () => {
    harness = await startHarness({ env: { ALLOWED_TEAMS: 'T0OTHERORG' } });
    const h = harness;
    const from = h.slack.responses.length;

    await postSigned(h.eventsUrl, {
      body: slashCommandBody({
        text: 'help',
        userId: 'U0GUEST',
        channelId: 'C0OPS',
        teamId: 'T0OTHERORG',
        responseUrl: h.slack.responseUrl(),
      }),
      signingSecret: SIGNING_SECRET,
    });
    const answer = await h.slack.waitForResponse(undefined, { from });

    expect(JSON.stringify(answer.body)).not.toContain('This bot serves only');
  });

  it('with METRICS_ADDR, /metrics and /readyz listen there and the Slack port serves only /healthz', async () => {
    harness = await startHarness({ scenario: 'healthy', env: { METRICS_ADDR: '127.0.0.1:0' } });
    const slackPort = `http://127.0.0.1:${harness.bot.port}`;
    const internal = `http://127.0.0.1:${harness.bot.metricsPort}`;

    expect(harness.bot.metricsPort).toBeGreaterThan(0);
    expect(harness.bot.metricsPort).not.toBe(harness.bot.port);
    expect((await fetch(`${slackPort}/healthz`)).status).toBe(200);
    expect((await fetch(`${slackPort}/metrics`)).status).toBe(404);
    expect((await fetch(`${slackPort}/readyz`)).status).toBe(404);
    expect((await fetch(`${internal}/readyz`)).status).toBe(200);
    const metrics = await fetch(`${internal}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# TYPE');
  });
});

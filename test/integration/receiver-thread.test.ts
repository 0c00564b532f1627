import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, VIEW } from '../../src/slack/action-ids.js';
import {
  blockActionsPayload,
  interactionBody,
  postSigned,
  signRequest,
  slashCommandBody,
} from '../fakes/slack/slack-requests.js';
import { requestCard, requestIdOf, W3 } from '../support/approval-flow.js';
import { CHANNEL, type Harness, SIGNING_SECRET, startHarness, USERS } from '../support/bot-harness.js';
import { type BlockedRequest, whileMainBlocked } from '../support/while-main-blocked.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function signed(h: Harness, body: string): BlockedRequest {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    url: h.eventsUrl,
    body,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': timestamp,
      'X-Slack-Signature': signRequest(SIGNING_SECRET, timestamp, body),
    },
  };
}

function commandRequest(h: Harness, text: string): BlockedRequest {
  const input = { text, userId: USERS.alice, channelId: CHANNEL };
  return signed(
    h,
    slashCommandBody({
      ...input,
      responseUrl: h.slack.responseUrl({ channel: CHANNEL, userId: USERS.alice }),
    }),
  );
}

describe('the HTTP receiver thread', () => {
  it('acks /omni and a click on its button while the main thread is blocked, then runs both', async () => {
    harness = await startHarness();
    const h = harness;
    const card = await requestCard(h);
    const click = blockActionsPayload({
      actionId: ACTION.reject,
      userId: USERS.bob,
      message: card,
      value: requestIdOf(card),
      responseUrl: h.slack.responseUrl({ channel: card.channel, userId: USERS.bob, messageTs: card.ts }),
    });
    const postsBefore = h.slack.callsTo('chat.postMessage').length;

    // The main thread (this one, which runs the bot) does nothing until both are answered.
    const outcome = await whileMainBlocked(
      [commandRequest(h, 'stuck-machines'), signed(h, interactionBody(click))],
      10_000,
    );

    expect(outcome).toEqual({ finished: true, statuses: [200, 200] });
    // Nothing is lost: once the main thread is free, Bolt runs both listeners.
    await h.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        h.slack.callsTo('chat.postMessage').indexOf(c) >= postsBefore &&
        JSON.stringify(c.params.blocks).includes(W3),
    );
    await h.slack.waitFor(
      (c) => c.method === 'chat.update' && JSON.stringify(c.params.blocks).includes('Rejected by <@U0BOB>'),
    );
  });

  it("answers nothing at once while the main thread is stuck: Slack gets Bolt's timeout answer", async () => {
    // Stuck as soon as one request waits unseen: the second one must wait for the main thread.
    harness = await startHarness({ overrides: { receiverMainStuckMs: 0 } });
    const h = harness;

    const outcome = await whileMainBlocked([commandRequest(h, 'help'), commandRequest(h, 'help')], 10_000);

    expect(outcome).toEqual({ finished: true, statuses: [200, 404] });
    await expect.poll(() => h.logs.some((line) => line.includes('not acknowledged'))).toBe(true);
  });

  it('waits for the main thread on a modal submission, whose ack carries the answer', async () => {
    harness = await startHarness();
    const response = await harness.submitView(
      VIEW.recoverCluster,
      { name: 'talos-prod' },
      {
        privateMetadata: 'not-json',
      },
    );

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ response_action: 'errors' });
  });

  it('answers ssl_check and url_verification like Bolt, and 401 for a bad signature', async () => {
    harness = await startHarness();
    const h = harness;
    const ssl = await postSigned(h.eventsUrl, { body: 'ssl_check=1&token=x', signingSecret: SIGNING_SECRET });
    const challenge = await postSigned(h.eventsUrl, {
      body: JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' }),
      contentType: 'application/json',
      signingSecret: SIGNING_SECRET,
    });
    const forged = await postSigned(h.eventsUrl, { body: 'command=%2Fomni', signingSecret: 'wrong' });

    expect(ssl.status).toBe(200);
    expect(challenge.status).toBe(200);
    expect(JSON.parse(challenge.body)).toEqual({ challenge: 'c-123' });
    expect(forged.status).toBe(401);
    expect(h.slack.responses).toEqual([]);
  });
});

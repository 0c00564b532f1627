// Sends what a hostile Slack client could send to the bot's HTTP receiver, signed as Slack would.
import { VIEW } from '../../src/slack/action-ids.js';
import {
  blockActionsPayload,
  interactionBody,
  postSigned,
  slashCommandBody,
  type ViewSubmissionInput,
  viewSubmissionPayload,
} from '../fakes/slack/slack-requests.js';
import { CHANNEL, type Harness, SIGNING_SECRET } from '../support/bot-harness.js';

export const MALLORY = 'U0MALLORY';

// What was sent, where the bot must answer it, and the HTTP status of the ack.
export type Sent = { what: string; url: string; status: number };

export async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  send: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(send))));
  return results;
}

export async function sendCommand(h: Harness, text: string): Promise<Sent> {
  const url = h.slack.responseUrl({ channel: CHANNEL, userId: MALLORY });
  const body = slashCommandBody({ text, userId: MALLORY, channelId: CHANNEL, responseUrl: url });
  const { status } = await postSigned(h.eventsUrl, { body, signingSecret: SIGNING_SECRET });
  return { what: text, url, status };
}

const FORGED_TS = '1767000000.000100';

// A click on a message that never had this button (unless `on` names one): any action id, any
// value, even one that is not a string (Slack only ever sends strings).
export async function sendClick(
  h: Harness,
  actionId: string,
  value: unknown,
  on: { channelId?: string; messageTs?: string } = {},
): Promise<Sent> {
  const channelId = on.channelId ?? CHANNEL;
  const url = h.slack.responseUrl({ channel: channelId, userId: MALLORY });
  const payload = blockActionsPayload({
    actionId,
    ...(typeof value === 'string' ? { value } : { action: { value } }),
    userId: MALLORY,
    channelId,
    messageTs: on.messageTs ?? FORGED_TS,
    responseUrl: url,
  });
  const { status } = await postSigned(h.eventsUrl, {
    body: interactionBody(payload),
    signingSecret: SIGNING_SECRET,
  });
  return { what: `${actionId}=${JSON.stringify(value)} in ${channelId}`, url, status };
}

const input = (value: string) => ({ value: { type: 'plain_text_input', value } });

// Modal submissions for modals the bot never opened, with forged metadata.
export async function sendForgedViews(h: Harness): Promise<number[]> {
  const payloads: Omit<ViewSubmissionInput, 'userId'>[] = [
    { callbackId: VIEW.pasteKey, privateMetadata: '$(reboot)', values: { key: input('A'.repeat(60)) } },
    { callbackId: VIEW.pasteKey, privateMetadata: 'r-000000000000', values: { key: input('key; rm -rf /') } },
    {
      callbackId: VIEW.recoverCluster,
      privateMetadata: '{"cluster":"talos-prod;reboot","channel":"C0OPS"}',
      values: { name: input('talos-prod;reboot') },
    },
  ];
  const answers = await Promise.all(
    payloads.map((p) =>
      postSigned(h.eventsUrl, {
        body: interactionBody(viewSubmissionPayload({ ...p, userId: MALLORY })),
        signingSecret: SIGNING_SECRET,
      }),
    ),
  );
  return answers.map((a) => a.status);
}

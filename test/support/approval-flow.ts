import type { RecordedCall, StoredMessage } from '../fakes/slack/fake-slack-types.js';
import type { FakeSlack } from '../fakes/slack/start-fake-slack.js';
import { CHANNEL, type Harness } from './bot-harness.js';

export const W3 = 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82';

// Posts `/omni <text>` and returns the approval card the bot posted for it.
export async function requestCard(
  h: Harness,
  text = `delete-clustermachine ${W3} VM deleted in Proxmox`,
  userId?: string,
): Promise<StoredMessage> {
  const from = h.slack.calls.length;
  await h.command(text, { userId });
  const call = await h.slack.waitFor(
    (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
    { from },
  );
  return storedMessage(h.slack, call);
}

export function storedMessage(slack: FakeSlack, call: RecordedCall): StoredMessage {
  const ts = String(call.response.ts);
  const channel = String(call.params.channel);
  const found =
    slack.channelMessages(channel).find((m) => m.ts === ts) ??
    slack.thread(channel, String(call.params.thread_ts ?? ts)).find((m) => m.ts === ts);
  if (!found) throw new Error(`message ${ts} not found in ${channel}`);
  return found;
}

export function requestIdOf(card: StoredMessage): string {
  const match = /`(r-[0-9a-f]{12})`/.exec(JSON.stringify(card.blocks));
  if (!match?.[1]) throw new Error('no request id on the card');
  return match[1];
}

// The final summary of the run in the card's thread.
export function waitForSummary(h: Harness, card: StoredMessage): Promise<RecordedCall> {
  return h.slack.waitFor(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.params.thread_ts === card.ts &&
      /Succeeded|Failed|Cancelled/.test(String(c.params.text)),
    { timeoutMs: 20_000 },
  );
}

// The next reply sent through a response_url after index `from` (ephemeral answers to a click).
export function nextResponse(h: Harness, from: number) {
  return h.slack.waitForResponse(undefined, { from });
}

// omnictl calls that cannot change Omni.
const READ_ONLY = [
  'get ',
  '--version',
  'machine-logs ',
  'serviceaccount list',
  'infraprovider list',
  'cluster template diff ',
  'cluster template validate ',
  'cluster template status ',
  'cluster status ',
];

export function mutatingCalls(log: readonly { argv: string[] }[]): string[] {
  return log
    .map((entry) => entry.argv.join(' '))
    .filter((line) => !READ_ONLY.some((prefix) => line.startsWith(prefix)));
}

export { CHANNEL };

import type { StoredEphemeral, StoredMessage } from '../test/fakes/slack/fake-slack-types.js';
import type { FakeSlack } from '../test/fakes/slack/start-fake-slack.js';

export type FoundMessage =
  | { kind: 'message'; message: StoredMessage }
  | { kind: 'ephemeral'; message: StoredEphemeral };

// A channel message, a thread reply, or one of this person's ephemerals, by its ts.
export function findStoredMessage(
  slack: FakeSlack,
  channel: string,
  ts: string,
  userId: string,
): FoundMessage | undefined {
  const ephemeral = slack.ephemerals(userId).find((e) => e.channel === channel && e.ts === ts);
  if (ephemeral) return { kind: 'ephemeral', message: ephemeral };
  for (const parent of slack.channelMessages(channel)) {
    const found = slack.thread(channel, parent.ts).find((m) => m.ts === ts);
    if (found) return { kind: 'message', message: found };
  }
  return undefined;
}

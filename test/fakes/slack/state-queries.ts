import type { StoredEphemeral, StoredFile, StoredMessage, StoredView } from './fake-slack-types.js';
import { type ChannelState, type SlackState, snapshotVersion } from './slack-state.js';

export type SeedMessage = {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
};

export type StateQueries = {
  // Top-level messages plus thread replies sent with reply_broadcast, oldest first.
  channelMessages: (channel: string) => StoredMessage[];
  // The parent followed by its replies; empty when no message has that ts.
  thread: (channel: string, ts: string) => StoredMessage[];
  ephemerals: (userId?: string) => StoredEphemeral[];
  views: () => StoredView[];
  uploadedFiles: () => StoredFile[];
  // A message someone else wrote earlier (e.g. a user's question the bot replies to).
  seedMessage: (input: SeedMessage) => StoredMessage;
  // Simulates a later edit by its author (shows in edit history like chat.update does).
  editMessage: (channel: string, ts: string, text: string) => StoredMessage;
  addMember: (channel: string, userId: string) => void;
  removeMember: (channel: string, userId: string) => void;
};

export function createStateQueries(state: () => SlackState): StateQueries {
  const channel = (ref: string): ChannelState => {
    const found =
      state().channels.get(ref) ??
      [...state().channels.values()].find((c) => c.name === ref.replace(/^#/, ''));
    if (!found) throw new Error(`fake Slack: unknown channel ${ref}`);
    return found;
  };
  return {
    channelMessages: (ref) =>
      channel(ref).messages.filter((m) => m.threadTs === undefined || m.replyBroadcast),
    thread: (ref, ts) => {
      const messages = channel(ref).messages;
      const parent = messages.find((m) => m.ts === ts);
      if (!parent) return [];
      return [parent, ...messages.filter((m) => m.threadTs === ts)];
    },
    ephemerals: (userId) => state().ephemerals.filter((e) => userId === undefined || e.user === userId),
    views: () => [...state().views.values()],
    uploadedFiles: () =>
      [...state().uploads.values()].filter((file) => file.uploaded).map(({ uploaded: _u, ...file }) => file),
    seedMessage: (input) => {
      const target = channel(input.channel);
      const message: StoredMessage = {
        channel: target.id,
        ts: state().nextTs(),
        ...(input.threadTs ? { threadTs: input.threadTs } : {}),
        user: input.user,
        text: input.text,
        ...(input.blocks ? { blocks: input.blocks } : {}),
        edits: [],
        source: 'seed',
      };
      target.messages.push(message);
      return message;
    },
    editMessage: (ref, ts, text) => {
      const message = channel(ref).messages.find((m) => m.ts === ts);
      if (!message) throw new Error(`fake Slack: no message ${ts} in ${ref}`);
      message.edits.push(snapshotVersion(message));
      message.text = text;
      return message;
    },
    addMember: (ref, userId) => {
      channel(ref).members.add(userId);
    },
    removeMember: (ref, userId) => {
      channel(ref).members.delete(userId);
    },
  };
}

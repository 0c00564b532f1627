import type {
  FakeUser,
  MessageVersion,
  ResolvedOptions,
  StoredEphemeral,
  StoredFile,
  StoredMessage,
  StoredView,
} from './fake-slack-types.js';

export type ChannelState = {
  id: string;
  name: string;
  isPrivate: boolean;
  members: Set<string>;
  messages: StoredMessage[];
};

export type SlackState = {
  options: ResolvedOptions;
  channels: Map<string, ChannelState>;
  users: Map<string, FakeUser>;
  usergroups: Map<string, Set<string>>;
  ephemerals: StoredEphemeral[];
  views: Map<string, StoredView>;
  usedTriggers: Set<string>;
  uploads: Map<string, StoredFile & { uploaded: boolean }>;
  nextTs: () => string;
  nextId: (prefix: string) => string;
};

// Slack ts values are "<seconds>.<6 digits>"; a fixed base keeps them readable and deterministic.
const TS_BASE_MICROS = 1_767_000_000_000_000;

export function createSlackState(options: ResolvedOptions): SlackState {
  let tsCounter = 0;
  let idCounter = 0;
  const users = new Map(options.users.map((user) => [user.id, { ...user }]));
  if (!users.has(options.botUserId)) {
    users.set(options.botUserId, { id: options.botUserId, name: 'omni', realName: 'Omni', isBot: true });
  }
  return {
    options,
    channels: new Map(
      options.channels.map((channel) => [
        channel.id,
        {
          id: channel.id,
          name: channel.name,
          isPrivate: channel.isPrivate ?? false,
          members: new Set(channel.members),
          messages: [],
        },
      ]),
    ),
    users,
    usergroups: new Map(options.usergroups.map((group) => [group.id, new Set(group.users)])),
    ephemerals: [],
    views: new Map(),
    usedTriggers: new Set(),
    uploads: new Map(),
    nextTs: () => {
      tsCounter += 1;
      const micros = TS_BASE_MICROS + tsCounter * 100;
      const seconds = Math.floor(micros / 1_000_000);
      return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
    },
    nextId: (prefix) => {
      idCounter += 1;
      return `${prefix}0FAKE${String(idCounter).padStart(4, '0')}`;
    },
  };
}

// Accepts an id, a name, or "#name" like chat.postMessage does; a user id opens the bot's DM.
export function findChannel(state: SlackState, ref: string): ChannelState | undefined {
  const byId = state.channels.get(ref);
  if (byId) return byId;
  const name = ref.startsWith('#') ? ref.slice(1) : ref;
  for (const channel of state.channels.values()) {
    if (channel.name === name) return channel;
  }
  if (state.users.has(ref) && ref !== state.options.botUserId) return openDirectMessage(state, ref);
  return undefined;
}

function openDirectMessage(state: SlackState, userId: string): ChannelState {
  const id = `D${userId.slice(1)}`;
  const existing = state.channels.get(id);
  if (existing) return existing;
  const dm = {
    id,
    name: id,
    isPrivate: true,
    members: new Set([state.options.botUserId, userId]),
    messages: [],
  };
  state.channels.set(id, dm);
  return dm;
}

export function findMessage(channel: ChannelState, ts: string): StoredMessage | undefined {
  return channel.messages.find((message) => message.ts === ts);
}

// A reply to a reply lands in the parent's thread, as in the Slack client.
export function resolveThreadTs(channel: ChannelState, threadTs: string): string {
  const target = findMessage(channel, threadTs);
  return target?.threadTs ?? threadTs;
}

export function snapshotVersion(message: { text: string; blocks?: unknown[] }): MessageVersion {
  return { text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}), at: Date.now() };
}

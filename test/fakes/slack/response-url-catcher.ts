import type { ResponseUrlContext } from './fake-slack-types.js';
import { type SlackState, snapshotVersion } from './slack-state.js';
import { isRecord } from './validate-block-elements.js';
import { validateBlocks } from './validate-blocks.js';

// Slack allows 5 uses of a response_url (within 30 minutes; the age limit is not modelled).
const MAX_USES = 5;

type Registered = { context: ResponseUrlContext; uses: number };
export type ResponseOutcome = { status: number; text: string; outcome: string };

export type ResponseUrlCatcher = {
  create: (baseUrl: string, context: ResponseUrlContext) => { id: string; url: string };
  apply: (state: SlackState, id: string, body: unknown) => ResponseOutcome;
  clear: () => void;
};

// What a POST to a response_url does to the conversation (notes §1.6): replace/delete the message
// holding the button, else a new ephemeral (default) or in_channel message. Status codes and bodies
// for refusals are guesses (notes §9); Bolt 5 only looks at response.ok.
export function createResponseUrlCatcher(): ResponseUrlCatcher {
  const registered = new Map<string, Registered>();
  let counter = 0;
  return {
    create(baseUrl, context) {
      counter += 1;
      const id = `R${String(counter).padStart(4, '0')}`;
      registered.set(id, { context, uses: 0 });
      return { id, url: `${baseUrl}/response/${id}` };
    },
    apply(state, id, body) {
      const entry = registered.get(id);
      if (!entry) return { status: 404, text: 'no_service', outcome: 'unknown_url' };
      if (entry.uses >= MAX_USES) return { status: 404, text: 'used_url', outcome: 'used_url' };
      if (!isRecord(body)) return { status: 400, text: 'invalid_payload', outcome: 'invalid_payload' };
      if (body.blocks !== undefined) {
        const problems = validateBlocks(body.blocks, { maxBlocks: 50, pointer: '/blocks' });
        if (problems.length > 0) return { status: 400, text: 'invalid_blocks', outcome: 'invalid_blocks' };
      }
      entry.uses += 1;
      return { status: 200, text: 'ok', outcome: applyToState(state, entry.context, body) };
    },
    clear() {
      registered.clear();
    },
  };
}

function applyToState(state: SlackState, context: ResponseUrlContext, body: Record<string, unknown>): string {
  const original = findOriginal(state, context);
  const text = typeof body.text === 'string' ? body.text : undefined;
  const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
  if (body.delete_original === true && original) {
    original.remove();
    return 'deleted';
  }
  if (body.replace_original === true && original) {
    original.target.edits.push(snapshotVersion(original.target));
    // The new body replaces the whole message: fields left out are gone.
    original.target.text = text ?? '';
    original.target.blocks = blocks;
    return 'replaced';
  }
  const channel = context.channel ? state.channels.get(context.channel) : undefined;
  if (!channel) return 'recorded_only';
  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : context.threadTs;
  const message = {
    channel: channel.id,
    ts: state.nextTs(),
    ...(threadTs !== undefined ? { threadTs } : {}),
    text: text ?? '',
    ...(blocks ? { blocks } : {}),
    edits: [],
  };
  if (body.response_type === 'in_channel') {
    const { botUserId, botId } = state.options;
    channel.messages.push({ ...message, user: botUserId, botId, source: 'response_url' });
    return 'in_channel';
  }
  if (!context.userId) return 'recorded_only';
  state.ephemerals.push({ ...message, user: context.userId, source: 'response_url' });
  return 'ephemeral';
}

type Original = { target: { text: string; blocks?: unknown[]; edits: unknown[] }; remove: () => void };

function findOriginal(state: SlackState, context: ResponseUrlContext): Original | undefined {
  const { messageTs, channel: channelId } = context;
  if (!messageTs) return undefined;
  if (context.isEphemeral) {
    const ephemeral = state.ephemerals.find((e) => e.ts === messageTs && e.user === context.userId);
    if (!ephemeral) return undefined;
    return {
      target: ephemeral,
      remove: () => state.ephemerals.splice(state.ephemerals.indexOf(ephemeral), 1),
    };
  }
  const channel = channelId ? state.channels.get(channelId) : undefined;
  const message = channel?.messages.find((m) => m.ts === messageTs);
  if (!channel || !message) return undefined;
  return { target: message, remove: () => channel.messages.splice(channel.messages.indexOf(message), 1) };
}

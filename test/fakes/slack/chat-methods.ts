import { apiMessageShape } from './api-message-shape.js';
import type { StoredMessage } from './fake-slack-types.js';
import {
  booleanParam,
  fail,
  type MethodContext,
  type MethodHandler,
  type MethodResult,
  missingArgument,
  stringParam,
} from './method-context.js';
import { readMessageContent } from './read-message-content.js';
import {
  type ChannelState,
  findChannel,
  findMessage,
  resolveThreadTs,
  snapshotVersion,
} from './slack-state.js';

// The bot can only see private channels it is in (Slack then says channel_not_found), and can only
// post where it is a member (no chat:write.public modelled).
export function channelForBot(
  context: MethodContext,
  key: string,
  options: { mustBeMember: boolean },
): { channel: ChannelState } | { error: MethodResult } {
  const ref = stringParam(context.params, key);
  if (ref === undefined) return { error: missingArgument(key) };
  const channel = findChannel(context.state, ref);
  const botUserId = context.state.options.botUserId;
  if (!channel || (channel.isPrivate && !channel.members.has(botUserId))) {
    return { error: fail('channel_not_found') };
  }
  if (options.mustBeMember && !channel.members.has(botUserId)) return { error: fail('not_in_channel') };
  return { channel };
}

function postMessage(context: MethodContext): MethodResult {
  const { state, params } = context;
  const found = channelForBot(context, 'channel', { mustBeMember: true });
  if ('error' in found) return found.error;
  const read = readMessageContent(params, { longText: 'truncate', allowEmpty: false, warn: context.warn });
  if ('error' in read) return read.error;
  const { channel } = found;
  let threadTs = stringParam(params, 'thread_ts');
  if (threadTs !== undefined) {
    if (!findMessage(channel, threadTs))
      context.warn(`thread_ts ${threadTs} matches no message in ${channel.id}`);
    threadTs = resolveThreadTs(channel, threadTs);
  }
  const message: StoredMessage = {
    channel: channel.id,
    ts: state.nextTs(),
    ...(threadTs !== undefined ? { threadTs } : {}),
    user: state.options.botUserId,
    botId: state.options.botId,
    text: read.content.text ?? '',
    ...(read.content.blocks ? { blocks: read.content.blocks } : {}),
    ...(read.content.attachments ? { attachments: read.content.attachments } : {}),
    ...(params.metadata !== undefined ? { metadata: params.metadata } : {}),
    ...(threadTs !== undefined && booleanParam(params, 'reply_broadcast') ? { replyBroadcast: true } : {}),
    edits: [],
    source: 'chat.postMessage',
  };
  channel.messages.push(message);
  return { ok: true, channel: channel.id, ts: message.ts, message: apiMessageShape(state, message) };
}

function findTarget(
  context: MethodContext,
): { channel: ChannelState; message: StoredMessage } | { error: MethodResult } {
  const found = channelForBot(context, 'channel', { mustBeMember: false });
  if ('error' in found) return found;
  const ts = stringParam(context.params, 'ts');
  const message = ts === undefined ? undefined : findMessage(found.channel, ts);
  // Ephemeral ts values are not in the channel either; Slack's exact code for them is not verified.
  if (!message) return { error: fail('message_not_found') };
  return { channel: found.channel, message };
}

function updateMessage(context: MethodContext): MethodResult {
  const found = findTarget(context);
  if ('error' in found) return found.error;
  const { channel, message } = found;
  if (message.user !== context.state.options.botUserId) return fail('cant_update_message');
  const read = readMessageContent(context.params, {
    longText: 'reject',
    allowEmpty: true,
    warn: context.warn,
  });
  if ('error' in read) return read.error;
  const { text, blocks, attachments } = read.content;
  if (text === undefined && blocks === undefined && attachments === undefined) return fail('no_text');
  message.edits.push(snapshotVersion(message));
  // Fields left out keep their previous value; `blocks: []` removes the blocks (chat.update docs).
  if (text !== undefined) message.text = text;
  if (blocks !== undefined) message.blocks = blocks.length > 0 ? blocks : undefined;
  if (attachments !== undefined) message.attachments = attachments.length > 0 ? attachments : undefined;
  const { ts: _ts, ...shape } = apiMessageShape(context.state, message);
  return { ok: true, channel: channel.id, ts: message.ts, text: message.text, message: shape };
}

function deleteMessage(context: MethodContext): MethodResult {
  const found = findTarget(context);
  if ('error' in found) return found.error;
  if (found.message.user !== context.state.options.botUserId) return fail('cant_delete_message');
  found.channel.messages = found.channel.messages.filter((message) => message !== found.message);
  return { ok: true, channel: found.channel.id, ts: found.message.ts };
}

function postEphemeral(context: MethodContext): MethodResult {
  const { state, params } = context;
  const found = channelForBot(context, 'channel', { mustBeMember: true });
  if ('error' in found) return found.error;
  const user = stringParam(params, 'user');
  if (user === undefined) return missingArgument('user');
  if (!found.channel.members.has(user)) return fail('user_not_in_channel');
  const read = readMessageContent(params, { longText: 'reject', allowEmpty: false, warn: context.warn });
  if ('error' in read) return read.error;
  const threadTs = stringParam(params, 'thread_ts');
  const ts = state.nextTs();
  state.ephemerals.push({
    channel: found.channel.id,
    user,
    ts,
    ...(threadTs !== undefined ? { threadTs } : {}),
    text: read.content.text ?? '',
    ...(read.content.blocks ? { blocks: read.content.blocks } : {}),
    edits: [],
    source: 'chat.postEphemeral',
  });
  return { ok: true, message_ts: ts };
}

function getPermalink(context: MethodContext): MethodResult {
  const found = channelForBot(context, 'channel', { mustBeMember: false });
  if ('error' in found) return found.error;
  const ts = stringParam(context.params, 'message_ts');
  if (ts === undefined) return missingArgument('message_ts');
  const message = findMessage(found.channel, ts);
  if (!message) return fail('message_not_found');
  const id = found.channel.id;
  const base = `https://${context.state.options.teamDomain}.slack.com/archives/${id}/p${ts.replace('.', '')}`;
  const permalink = message.threadTs ? `${base}?thread_ts=${message.threadTs}&cid=${id}` : base;
  return { ok: true, channel: id, permalink };
}

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': { token: 'bot', handle: postMessage },
  'chat.update': { token: 'bot', handle: updateMessage },
  'chat.delete': { token: 'bot', handle: deleteMessage },
  'chat.postEphemeral': { token: 'bot', handle: postEphemeral },
  'chat.getPermalink': { token: 'bot', handle: getPermalink },
};

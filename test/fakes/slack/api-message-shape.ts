import type { StoredMessage } from './fake-slack-types.js';
import type { SlackState } from './slack-state.js';

// The `message` object Slack returns from chat.postMessage / chat.update (see web-api fixtures).
export function apiMessageShape(state: SlackState, message: StoredMessage): Record<string, unknown> {
  const { options } = state;
  const isBot = message.user === options.botUserId;
  const parent = message.threadTs
    ? state.channels.get(message.channel)?.messages.find((m) => m.ts === message.threadTs)
    : undefined;
  return {
    user: message.user,
    type: 'message',
    ts: message.ts,
    ...(isBot ? { bot_id: options.botId, app_id: options.appId } : {}),
    text: message.text,
    team: options.teamId,
    ...(isBot ? { bot_profile: botProfile(state) } : {}),
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.attachments ? { attachments: message.attachments } : {}),
    ...(message.metadata ? { metadata: message.metadata } : {}),
    ...(message.files ? { files: message.files.map((file) => apiFileShape(state, file)), upload: true } : {}),
    ...(message.edits.length > 0 ? { edited: { user: message.user, ts: message.ts } } : {}),
    ...(message.threadTs
      ? { thread_ts: message.threadTs, parent_user_id: parent?.user ?? message.user }
      : {}),
  };
}

export function botProfile(state: SlackState): Record<string, unknown> {
  const { options } = state;
  return {
    id: options.botId,
    deleted: false,
    name: state.users.get(options.botUserId)?.name ?? 'omni',
    updated: 1767000000,
    app_id: options.appId,
    team_id: options.teamId,
  };
}

export function apiFileShape(
  state: SlackState,
  file: { id: string; name: string; title: string; size: number },
): Record<string, unknown> {
  return {
    id: file.id,
    name: file.name,
    title: file.title,
    size: file.size,
    user: state.options.botUserId,
    mimetype: 'application/octet-stream',
    permalink: `https://fake.slack.com/files/${state.options.botUserId}/${file.id}/${file.name}`,
  };
}

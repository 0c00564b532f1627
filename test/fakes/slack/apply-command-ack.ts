import type { SlackState } from './slack-state.js';
import { isRecord } from './validate-block-elements.js';

// Slack shows a slash command's ack body to the invoker (ephemeral), or to the channel with
// response_type in_channel. Over Socket Mode the fake is the one receiving that ack.
export function applyCommandAck(state: SlackState, command: unknown, ack: unknown): void {
  if (!isRecord(command) || !isRecord(ack)) return;
  const text = typeof ack.text === 'string' ? ack.text : undefined;
  const blocks = Array.isArray(ack.blocks) ? ack.blocks : undefined;
  if (text === undefined && blocks === undefined) return;
  const channel = state.channels.get(String(command.channel_id));
  if (!channel) return;
  const message = {
    channel: channel.id,
    ts: state.nextTs(),
    text: text ?? '',
    ...(blocks ? { blocks } : {}),
    edits: [],
  };
  if (ack.response_type === 'in_channel') {
    channel.messages.push({
      ...message,
      user: state.options.botUserId,
      botId: state.options.botId,
      source: 'response_url',
    });
    return;
  }
  state.ephemerals.push({ ...message, user: String(command.user_id), source: 'ack' });
}

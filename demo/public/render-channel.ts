import type { ChannelView, MessageView } from '../demo-types.js';
import { escapeHtml } from '../escape-html.js';
import { renderMessageBody } from '../render-blocks.js';
import type { Directory } from '../render-mrkdwn.js';
import { renderFiles } from './render-files.js';

function renderMessage(channel: string, message: MessageView, directory: Directory): string {
  const classes = ['msg', message.isBot ? 'msg-bot' : '', message.ephemeral ? 'msg-ephemeral' : '']
    .filter(Boolean)
    .join(' ');
  const edited =
    message.edits > 0
      ? ` <span class="msg-edited" title="edited ${message.edits}× — this is the latest version">(edited)</span>`
      : '';
  const badge = message.isBot ? '<span class="app-badge">APP</span>' : '';
  const only = message.ephemeral ? '<div class="ephemeral-note">Only visible to you</div>' : '';
  const thread =
    message.replies.length > 0
      ? `<div class="thread" aria-label="thread"><div class="thread-head">${message.replies.length} ${
          message.replies.length === 1 ? 'reply' : 'replies'
        }</div>${message.replies.map((r) => renderMessage(channel, r, directory)).join('')}</div>`
      : '';
  return (
    `<article class="${classes}" data-channel="${escapeHtml(channel)}" data-ts="${escapeHtml(message.ts)}">` +
    `<div class="avatar" aria-hidden="true">${escapeHtml(message.userName.slice(0, 1).toUpperCase())}</div>` +
    `<div class="msg-main"><div class="msg-meta"><span class="msg-author">${escapeHtml(message.userName)}</span>${badge}${edited}</div>` +
    `${only}<div class="msg-body">${renderMessageBody(message, directory)}${renderFiles(message.files)}</div>${thread}</div></article>`
  );
}

// A channel's messages, oldest first, each with its thread replies beneath it.
export function renderChannelMessages(
  channel: ChannelView,
  directory: Directory,
  emptyNote?: string,
): string {
  if (channel.messages.length === 0)
    return `<p class="empty">No messages yet. ${emptyNote ? escapeHtml(emptyNote) : 'Type a command below, e.g. <code>/omni stuck-machines</code>.'}</p>`;
  return channel.messages.map((m) => renderMessage(channel.id, m, directory)).join('');
}

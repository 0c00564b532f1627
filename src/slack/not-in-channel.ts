import { mrkdwn, type SlackMessage } from './views/block-kit.js';

export const CHANNEL_ACCESS_ERRORS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

export function notInChannelView(): SlackMessage {
  const text =
    'I cannot post in this channel. Invite me first (`/invite @omni-chatops`), then run the command again.';
  return { text, blocks: [{ type: 'section', text: mrkdwn(`:wave: ${text}`) }] };
}

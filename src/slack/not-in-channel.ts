import { mrkdwn, type SlackMessage } from './views/block-kit.js';

export const CHANNEL_ACCESS_ERRORS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

// `again` says what to redo once the bot is in: a command, or a button click.
export function notInChannelView(again = 'run the command again'): SlackMessage {
  const text = `I cannot post in this channel. Invite me first (\`/invite @omni-chatops\`), then ${again}.`;
  return { text, blocks: [{ type: 'section', text: mrkdwn(`:wave: ${text}`) }] };
}

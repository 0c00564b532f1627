import { COMMAND } from '../action-ids.js';
import { COMMANDS } from '../parse-command.js';
import { type Block, mrkdwn, plain, type SlackMessage } from './block-kit.js';

function commandLines(): string {
  return COMMANDS.map((c) => `• \`${COMMAND} ${c.usage}\`: ${c.summary} (e.g. \`${c.example}\`)`).join('\n');
}

export function helpView(): SlackMessage {
  const blocks: Block[] = [
    { type: 'header', text: plain('omni-chatops', 150) },
    { type: 'section', text: mrkdwn(`Recovery procedures for the Omni fleet.\n${commandLines()}`) },
  ];
  return { text: `Commands: ${COMMANDS.map((c) => c.name).join(', ')}`, blocks };
}

// Shown (only to the caller) when a command cannot be understood; names what was wrong.
export function usageView(error: string): SlackMessage {
  const text = `${error}\nUsage:\n${commandLines()}`;
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`:warning: ${error}`) },
      { type: 'section', text: mrkdwn(`Usage:\n${commandLines()}`) },
    ],
  };
}

export function problemView(message: string, ref?: string): SlackMessage {
  const text = ref ? `${message} (ref ${ref})` : message;
  return { text, blocks: [{ type: 'section', text: mrkdwn(`:x: ${text}`) }] };
}

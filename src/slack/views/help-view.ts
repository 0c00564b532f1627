import type { Freeze } from '../../recovery/freeze/freeze-state.js';
import { COMMAND } from '../action-ids.js';
import { COMMANDS } from '../command-catalogue.js';
import { type Block, escapeMrkdwn, mrkdwn, plain, type SlackMessage } from './block-kit.js';
import { frozenLine } from './freeze-view.js';

function line(c: (typeof COMMANDS)[number], examples: boolean): string {
  // `<machine-uuid>` is meant as written: Slack would read it as a link.
  return `• \`${COMMAND} ${escapeMrkdwn(c.usage)}\`: ${c.summary}${examples ? ` (e.g. \`${escapeMrkdwn(c.example)}\`)` : ''}`;
}

function commandLines(): string {
  return COMMANDS.map((c) => line(c, false)).join('\n');
}

export type Permissions = { canRequest: boolean; canApprove: boolean };

// What this person may do here: everyone may read; requesting and approving are configured.
export function helpView(permissions: Permissions, frozen?: Freeze): SlackMessage {
  const reads = COMMANDS.filter((c) => !c.needsApproval && !c.approversOnly).map((c) => line(c, true));
  const freezing = COMMANDS.filter((c) => c.approversOnly).map((c) => line(c, true));
  const writes = COMMANDS.filter((c) => c.needsApproval).map((c) => line(c, true));
  const you = [
    permissions.canRequest
      ? 'You may request the procedures below.'
      : 'You may not request procedures (not in OPERATORS); ask an operator.',
    permissions.canApprove
      ? 'You may approve requests made by others.'
      : 'You may not approve requests (not in APPROVERS).',
  ].join(' ');
  const blocks: Block[] = [
    { type: 'header', text: plain('omni-chatops', 150) },
    { type: 'section', text: mrkdwn(`*Read-only: anyone may run these*\n${reads.join('\n')}`) },
    {
      type: 'section',
      text: mrkdwn(`*Destructive: an approval card, then a verified run*\n${you}\n${writes.join('\n')}`),
    },
    {
      type: 'section',
      text: mrkdwn(
        `*Change freeze: approvers only*\n${frozen ? frozenLine(frozen) : 'Changes are not frozen.'}\n${freezing.join('\n')}`,
      ),
    },
  ];
  return { text: `Commands: ${COMMANDS.map((c) => c.name).join(', ')}`, blocks };
}

// Shown (only to the caller) when a command cannot be understood; names what was wrong. The error
// quotes what was typed: text, never mrkdwn.
export function usageView(error: string): SlackMessage {
  const said = escapeMrkdwn(error);
  const text = `${said}\nUsage:\n${commandLines()}`;
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`:warning: ${said}`) },
      { type: 'section', text: mrkdwn(`Usage:\n${commandLines()}`) },
    ],
  };
}

// A use case's problem is text (it may quote omnictl, SSH or a hostname); only the users it names
// itself (`mentions`) are shown as mentions.
export function problemView(
  problem: string | { message: string; mentions?: readonly string[] },
  ref?: string,
): SlackMessage {
  const { message, mentions } = typeof problem === 'string' ? { message: problem, mentions: [] } : problem;
  const said = escapeMrkdwn(message, mentions);
  const text = ref ? `${said} (ref ${ref})` : said;
  return { text, blocks: [{ type: 'section', text: mrkdwn(`:x: ${text}`) }] };
}

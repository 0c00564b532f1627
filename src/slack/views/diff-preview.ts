// How a plan's diff reaches the approver whole: on the card when it fits, otherwise as a file in
// the request's thread (or, when Slack refuses the file, as consecutive messages), with the card
// saying how long it is and where to read it. The preview is already scrubbed of secrets.

import type { Plan } from '../../procedures/shared/plan.js';
import { type Block, escapeMrkdwn, mrkdwn, type SlackMessage } from './block-kit.js';

// Section text is limited to 3,000 characters; the rest is for the heading and the fences.
const CARD_MAX = 2_800;
const HEAD_MAX = 1_500;
const PART_MAX = 2_800;
// Beyond this many messages the thread is no place to read a diff; the card says so instead.
export const MAX_DIFF_MESSAGES = 30;

export function diffSize(text: string): { lines: number; chars: number } {
  return { lines: text === '' ? 0 : text.replace(/\n$/, '').split('\n').length, chars: text.length };
}

function sizeText(text: string): string {
  const { lines, chars } = diffSize(text);
  return `${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'}, ${chars.toLocaleString('en-US')} characters`;
}

export function fitsOnCard(preview: string): boolean {
  return escapeMrkdwn(preview).length <= CARD_MAX;
}

export function diffFileName(plan: Plan): string {
  return `${plan.cluster ?? plan.procedure}-template.diff`;
}

// Whole lines, escaped, each part at most `max` characters (a longer line is cut across parts).
function splitLines(text: string, max: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const raw of text.replace(/\n$/, '').split('\n')) {
    let line = escapeMrkdwn(raw);
    while (line.length > max) {
      if (current !== '') parts.push(current);
      current = '';
      parts.push(line.slice(0, max));
      line = line.slice(max);
    }
    const next = current === '' ? line : `${current}\n${line}`;
    if (next.length > max) {
      parts.push(current);
      current = line;
    } else current = next;
  }
  if (current !== '') parts.push(current);
  return parts;
}

/** The card's "What changes" blocks: the diff itself, or its size, where it is, and its start. */
export function diffCardBlocks(plan: Plan): Block[] {
  const preview = plan.preview;
  if (!preview) return [];
  const heading = `*What changes* (\`cluster template diff\`, ${sizeText(preview)}; values of secret-looking keys hidden)`;
  if (fitsOnCard(preview))
    return [{ type: 'section', text: mrkdwn(`${heading}\n\`\`\`${escapeMrkdwn(preview)}\`\`\``) }];
  const [head = ''] = splitLines(preview, HEAD_MAX);
  const shown = diffSize(head).lines;
  return [
    {
      type: 'section',
      text: mrkdwn(
        `${heading}\n:warning: Too long for this card: *the whole diff is in this request's thread* as the file \`${diffFileName(plan)}\`. Read all of it before approving: approving approves every line.`,
      ),
    },
    {
      type: 'section',
      text: mrkdwn(
        `First ${shown} of ${diffSize(preview).lines.toLocaleString('en-US')} lines:\n\`\`\`${head}\`\`\``,
      ),
    },
  ];
}

/** The note that goes with the file in the thread. */
export function diffFileComment(plan: Plan, requestId: string): string {
  return `The whole \`cluster template diff\` for request \`${requestId}\` (${sizeText(plan.preview ?? '')}; values of secret-looking keys hidden). Read all of it before approving.`;
}

/** The diff as consecutive thread messages, for when Slack refuses the file; empty when too long. */
export function diffThreadMessages(plan: Plan, requestId: string): SlackMessage[] {
  const parts = splitLines(plan.preview ?? '', PART_MAX);
  if (parts.length > MAX_DIFF_MESSAGES) return [];
  return parts.map((part, i) => {
    const label = `\`cluster template diff\` for request \`${requestId}\`, part ${i + 1} of ${parts.length}`;
    return { text: label, blocks: [{ type: 'section', text: mrkdwn(`${label}\n\`\`\`${part}\`\`\``) }] };
  });
}

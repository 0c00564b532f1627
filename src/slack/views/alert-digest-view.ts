import { formatDuration } from '../../config/parse-duration.js';
import { subjectOf } from '../../watch/alert-condition.js';
import type { DigestEntry } from '../../watch/plan-alerts.js';
import { diagnoseButton, EMOJI, TITLE } from './alert-view.js';
import { type Block, escapeMrkdwn, mrkdwn, plain, type SlackMessage } from './block-kit.js';
import { slackDate } from './format-time.js';

// Sections in a digest: the rest of Slack's 50 blocks go to the header, context and overflow line.
const DIGEST_MAX = 45;

function digestEntryText(entry: DigestEntry): string {
  const { condition } = entry;
  if (entry.status === 'resolved') {
    const after = entry.durationMs === undefined ? '' : ` after ${formatDuration(entry.durationMs)}`;
    return `:white_check_mark: ~${TITLE[condition.condition]}~ resolved${after}: ${escapeMrkdwn(condition.summary)}`;
  }
  const since = condition.since ? ` (since ${slackDate(condition.since)})` : '';
  return `${EMOJI[condition.condition]} *${TITLE[condition.condition]}*: ${escapeMrkdwn(condition.summary)}${since}`;
}

// One section per subject: its conditions on lines of their own, a Diagnose button while one is open.
function digestLine(entries: readonly DigestEntry[]): Block {
  const open = entries.find((e) => e.status === 'open');
  const text = mrkdwn(entries.map(digestEntryText).join('\n'));
  return open
    ? { type: 'section', text, accessory: diagnoseButton(open.condition) }
    : { type: 'section', text };
}

/** Many conditions at once: one message listing them, redrawn as each one clears. */
export function alertDigestView(entries: readonly DigestEntry[]): SlackMessage {
  const open = entries.filter((e) => e.status === 'open').length;
  const subjects = new Map<string, DigestEntry[]>();
  for (const entry of entries) {
    const key = subjectOf(entry.condition);
    subjects.set(key, [...(subjects.get(key) ?? []), entry]);
  }
  const shown = [...subjects.values()].slice(0, DIGEST_MAX);
  const more = subjects.size - shown.length;
  const text = `${entries.length} problems found at once in the fleet (${open} still open)`;
  return {
    text,
    blocks: [
      { type: 'header', text: plain(`:rotating_light: ${entries.length} problems found at once`, 150) },
      {
        type: 'context',
        elements: [mrkdwn(`${open} still open · changes go in the thread · redrawn as each one clears`)],
      },
      ...shown.map(digestLine),
      ...(more > 0 ? [{ type: 'context' as const, elements: [mrkdwn(`… and ${more} more`)] }] : []),
    ],
  };
}

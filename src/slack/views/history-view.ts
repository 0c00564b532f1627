import { formatDuration } from '../../config/parse-duration.js';
import type { HistoryEntry } from '../../recovery/list-history.js';
import { escapeMrkdwn, mrkdwn, type SlackMessage, truncate } from './block-kit.js';
import { slackDate } from './format-time.js';

export function historyView(entries: readonly HistoryEntry[]): SlackMessage {
  if (entries.length === 0)
    return { text: 'No requests yet.', blocks: [{ type: 'section', text: mrkdwn('No requests yet.') }] };
  const lines = entries.map(({ request, approvers, durationMs }) => {
    const plan = request.plan;
    const who =
      approvers.length > 0
        ? `approved by ${approvers.map((u) => `<@${u}>`).join(', ')}`
        : request.decidedBy
          ? `decided by <@${request.decidedBy}>`
          : 'no decision';
    const took = durationMs === undefined ? '' : ` in ${formatDuration(durationMs)}`;
    const dry = request.dryRun ? ' [dry run]' : '';
    const outcome = request.outcome ? `: ${escapeMrkdwn(truncate(request.outcome, 160))}` : '';
    return `• ${slackDate(request.createdAt)} \`${request.id}\` *${escapeMrkdwn(plan.title)}*${dry}, by <@${request.requester}>, ${who}, *${request.status}*${took}${outcome}`;
  });
  const text = `Last ${entries.length} request${entries.length === 1 ? '' : 's'}`;
  const chunks: string[] = [];
  for (const line of lines) {
    const last = chunks.at(-1);
    if (last !== undefined && last.length + line.length < 2900)
      chunks[chunks.length - 1] = `${last}\n${line}`;
    else chunks.push(line);
  }
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`*${text}*`) },
      ...chunks.slice(0, 40).map((c) => ({ type: 'section' as const, text: mrkdwn(c) })),
    ],
  };
}

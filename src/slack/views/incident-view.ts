import type { RequestFacts } from '../../notify/notifier.js';
import { formatUtc } from '../../procedures/shared/format-utc.js';
import type { Plan } from '../../procedures/shared/plan.js';
import { escapeMrkdwn, mrkdwn, type SlackMessage } from './block-kit.js';

// One short line per event in the incident channel, linking to the thread where the details are.
// `happenedAt` is given for a notice posted late (Slack refused it at the time), which says when.
// `event` is mrkdwn: the notifier composes it and escapes the verdict or reason in it.
export function incidentView(
  request: RequestFacts,
  plan: Plan,
  event: string,
  permalink?: string,
  happenedAt?: Date,
): SlackMessage {
  const dry = request.dryRun ? '[DRY RUN] ' : '';
  const link = permalink ? ` <${permalink}|thread>` : '';
  const text = `${dry}${escapeMrkdwn(plan.title)} (\`${request.id}\`, requested by <@${request.requester}>): ${event}${link}`;
  const blocks: SlackMessage['blocks'] = [{ type: 'section', text: mrkdwn(text) }];
  if (!happenedAt) return { text, blocks };
  const when = formatUtc(happenedAt);
  const note = `Posted late: this happened at ${when}, when Slack refused the notice.`;
  return {
    text: `${text} (${note})`,
    blocks: [...blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: note }] }],
  };
}

import type { Plan } from '../../procedures/plan.js';
import type { RequestRecord } from '../../store/records.js';
import { escapeMrkdwn, mrkdwn, type SlackMessage } from './block-kit.js';

// One short line per event in the incident channel, linking to the thread where the details are.
export function incidentView(
  request: RequestRecord,
  plan: Plan,
  event: string,
  permalink?: string,
): SlackMessage {
  const dry = request.dryRun ? '[DRY RUN] ' : '';
  const link = permalink ? ` <${permalink}|thread>` : '';
  const text = `${dry}${escapeMrkdwn(plan.title)} (\`${request.id}\`, requested by <@${request.requester}>): ${event}${link}`;
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

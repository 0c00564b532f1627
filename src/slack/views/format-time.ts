import { formatDuration } from '../../config/parse-duration.js';
import { formatUtc } from '../../procedures/shared/format-utc.js';
import { escapeMrkdwn } from './block-kit.js';

// Slack renders <!date^…> in each reader's own time zone; the fallback text is UTC.
export function slackDate(iso: string | undefined): string {
  if (!iso) return 'unknown time';
  const ms = Date.parse(iso);
  // Not a date Omni should send: shown as the text it is (it goes into mrkdwn).
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  const fallback = formatUtc(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

export function ago(ms: number | undefined): string {
  return ms === undefined ? 'for an unknown time' : `for ${formatDuration(ms)}`;
}

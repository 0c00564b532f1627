import type { Freeze } from '../../recovery/freeze/freeze-state.js';
import { escapeMrkdwn, mrkdwn, type SlackMessage, truncate } from './block-kit.js';
import { slackDate } from './format-time.js';

// Who froze, since when, why: the reason is user text, escaped.
export function frozenLine(
  freeze: Pick<Freeze, 'by' | 'since' | 'reason'> & { unreadable?: boolean },
): string {
  if (freeze.unreadable)
    return ':snowflake: *Changes are frozen*: the bot cannot read its freeze state (see the bot log); nothing can be approved until it can.';
  const who = freeze.by === 'bot' ? 'the bot (FREEZE_ON_START)' : `<@${freeze.by}>`;
  return `:snowflake: *Changes are frozen* since ${slackDate(freeze.since)} by ${who}: _${escapeMrkdwn(truncate(freeze.reason, 500))}_. Nothing can be approved until \`/omni unfreeze\`.`;
}

// The incident channel's notice of a freeze or its end.
export function freezeNoticeView(freeze: Freeze): SlackMessage {
  const line = frozenLine(freeze);
  return {
    text: line,
    blocks: [
      { type: 'section', text: mrkdwn(line) },
      {
        type: 'context',
        elements: [
          mrkdwn(
            'Read-only reports and the watcher go on; a run in progress stops before its next step. Another approver lifts it with `/omni unfreeze`.',
          ),
        ],
      },
    ],
  };
}

export function unfreezeNoticeView(freeze: Freeze, by: string): SlackMessage {
  const text = `:sunny: *Changes unfrozen* by <@${by}> (frozen since ${slackDate(freeze.since)} by ${freeze.by === 'bot' ? 'the bot' : `<@${freeze.by}>`}: _${escapeMrkdwn(truncate(freeze.reason, 500))}_). Pending requests can be approved again.`;
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

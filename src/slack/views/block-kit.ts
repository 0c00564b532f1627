// Minimal Block Kit shapes the views emit; Slack's own types are wider than what we use.
export type TextObject = { type: 'mrkdwn' | 'plain_text'; text: string; emoji?: boolean };
export type ConfirmDialog = {
  title: TextObject;
  text: TextObject;
  confirm: TextObject;
  deny: TextObject;
  style?: 'primary' | 'danger';
};
export type Button = {
  type: 'button';
  action_id: string;
  text: TextObject;
  value?: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmDialog;
};
export type Block =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[]; accessory?: Button; block_id?: string }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'divider' }
  | { type: 'actions'; block_id?: string; elements: Button[] };

export type SlackMessage = { text: string; blocks: Block[] };

export const LIMITS = { blocks: 50, sectionText: 3000, field: 2000, header: 150, buttonText: 75 } as const;

export function mrkdwn(text: string): TextObject {
  return { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) };
}

export function plain(text: string, max: number = LIMITS.sectionText): TextObject {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const notice = '… (truncated)';
  // Never ends on half an entity of escaped text (`&l` of `&lt;`): Slack would show it as typed.
  return text.slice(0, max - notice.length).replace(/&[a-z]{0,3}$/, '') + notice;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]+$/;

/**
 * Text that did not come from the bot's own wording (whatever Omni, omnictl, SSH, a node's log, a
 * template file or a person typed) goes into mrkdwn only through here: Slack reads `&`, `<` and `>`
 * as control characters (`<!channel>` pings everyone, `<https://…|label>` is a link), so they
 * become `&amp;`, `&lt;` and `&gt;`, which Slack shows as the characters, inside code blocks too.
 *
 * Escape once, where the text meets mrkdwn: in the views (src/slack/views/) and where the Slack
 * layer composes a line of its own around it (the notifier's headlines). Everything a use case
 * hands the Slack layer (a problem's message, a run's verdict, a step's note, a refusal, an alert's
 * summary, a report's fields) is plain text, never mrkdwn, so it is escaped exactly once, here.
 *
 * `mentions`: Slack users the bot itself named in `text` as `<@U…>` (the approver in "Rejected by
 * <@U…>", the holder of a lock); those stay mentions. Any other `<@…>` is shown as text. (A quoted
 * fragment naming one of those same users would mention them too: they are named there anyway.)
 */
export function escapeMrkdwn(text: string, mentions: readonly string[] = []): string {
  let escaped = text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  for (const user of new Set(mentions)) {
    if (SLACK_USER_ID.test(user)) escaped = escaped.replaceAll(`&lt;@${user}&gt;`, `<@${user}>`);
  }
  return escaped;
}

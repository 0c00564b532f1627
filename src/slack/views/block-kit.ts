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
  return text.slice(0, max - notice.length) + notice;
}

// Text from Slack users or from Omni goes into mrkdwn: neutralise its control characters.
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

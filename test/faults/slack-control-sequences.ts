// What Slack would read as a control sequence in what the bot sends: `<!channel>` pings everyone,
// `<https://…|label>` is a link, `<@U…>` a mention. Only the bot's own may be there.
import type { FakeSlack } from '../fakes/slack/start-fake-slack.js';

// Text mrkdwn parses: a message's `text` and every text object of type mrkdwn; plain_text apart.
export type SentText = { mrkdwn: string[]; plain: string[] };

function walk(value: unknown, into: SentText): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, into);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as Record<string, unknown>;
  if (typeof object.text === 'string' && object.type === 'mrkdwn') into.mrkdwn.push(object.text);
  if (typeof object.text === 'string' && object.type === 'plain_text') into.plain.push(object.text);
  for (const [key, child] of Object.entries(object))
    if (key !== 'text' || typeof child !== 'string') walk(child, into);
}

// A message (or a modal): its `text` is mrkdwn too (Slack parses it for notifications).
export function sentText(...messages: readonly unknown[]): SentText {
  const into: SentText = { mrkdwn: [], plain: [] };
  for (const message of messages) {
    const object = (message ?? {}) as Record<string, unknown>;
    if (typeof object.text === 'string' && object.type === undefined) into.mrkdwn.push(object.text);
    walk(object.blocks ?? object, into);
  }
  return into;
}

// Everything the bot sent to the fake Slack: Web API calls and response_url answers.
export function everythingSent(slack: FakeSlack): SentText {
  return sentText(
    ...slack.calls.map((call) => (call.method === 'views.open' ? call.params.view : call.params)),
    ...slack.responses.map((response) => response.body),
  );
}

export type BotSequences = { users?: readonly string[]; links?: readonly string[] };

// The `<…>` sequences in the text that the bot did not make: mentions of users it knows, dates
// (`<!date^…|…>`), and links it built itself (a thread's permalink).
export function foreignSequences(text: SentText, bot: BotSequences = {}): string[] {
  const users = new Set(bot.users ?? []);
  const links = bot.links ?? [];
  return text.mrkdwn
    .flatMap((t) => t.match(/<[^<>]*>/g) ?? [])
    .filter((seq) => {
      const user = /^<@([UW][A-Z0-9]+)>$/.exec(seq)?.[1];
      if (user !== undefined) return !users.has(user);
      if (/^<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>|]*>$/.test(seq)) return false;
      return !links.some((link) => seq === `<${link}|thread>`);
    });
}

// Text escaped twice shows `&amp;lt;` to the reader; plain_text is never escaped at all.
export function escapedTwice(text: SentText): string[] {
  return text.mrkdwn.filter((t) => /&amp;(amp|lt|gt);/.test(t));
}

export function escapedPlainText(text: SentText): string[] {
  return text.plain.filter((t) => /&(amp|lt|gt);/.test(t));
}

export function joined(text: SentText): string {
  return text.mrkdwn.join('\n');
}

import { replaceEmoji } from './emoji.js';
import { decodeSlackEntities, escapeHtml } from './escape-html.js';

// Names for `<@U…>` and `<#C…>`; an unknown id is shown as the id itself.
export type Directory = {
  userName(id: string): string | undefined;
  channelName?(id: string): string | undefined;
};

export const NO_DIRECTORY: Directory = { userName: () => undefined };

// Placeholders for already-rendered pieces, so bold or italic can span code and mentions.
const HOLD_START = '\uE000';
const HOLD_END = '\uE001';

// Slack mrkdwn → HTML, minimally: code blocks, inline code, <…> tokens, bold, italic, strike, emoji.
export function renderMrkdwn(text: string, directory: Directory = NO_DIRECTORY): string {
  const held: string[] = [];
  const hold = (html: string) => `${HOLD_START}${held.push(html) - 1}${HOLD_END}`;
  const marked = text
    .replace(/```([\s\S]*?)```/g, (_, code: string) =>
      hold(`<pre class="mk-pre">${escapeHtml(decodeSlackEntities(trimFence(code)))}</pre>`),
    )
    .replace(/`([^`\n]+)`/g, (_, code: string) =>
      hold(`<code class="mk-code">${escapeHtml(decodeSlackEntities(code))}</code>`),
    )
    .replace(/<([^<>\n]+)>/g, (_, inner: string) => hold(renderToken(inner, directory)));
  return renderPlain(marked).replace(
    new RegExp(`${HOLD_START}(\\d+)${HOLD_END}`, 'g'),
    (_, index: string) => held[Number(index)] ?? '',
  );
}

// Slack drops one newline right inside the fences.
function trimFence(code: string): string {
  return code.replace(/^\n/, '').replace(/\n$/, '');
}

// <@U…>, <#C…|name>, <!date^…|fallback>, <!here>, <url|text>, <url>.
function renderToken(inner: string, directory: Directory): string {
  const [target = '', label] = splitOnce(inner, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `<span class="mk-mention">@${escapeHtml(directory.userName(id) ?? label ?? id)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `<span class="mk-mention">#${escapeHtml(directory.channelName?.(id) ?? label ?? id)}</span>`;
  }
  if (target.startsWith('!date^'))
    return `<span class="mk-date">${escapeHtml(decodeSlackEntities(label ?? ''))}</span>`;
  if (target.startsWith('!'))
    return `<span class="mk-mention">@${escapeHtml(target.slice(1).split('^')[0] ?? '')}</span>`;
  const href = decodeSlackEntities(target);
  const shown = label === undefined ? href : decodeSlackEntities(label);
  if (!/^(https?|mailto):/i.test(href)) return escapeHtml(`<${inner}>`);
  return `<a class="mk-link" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(shown)}</a>`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

// Markers count only at word edges, so `OMNI_SERVICE_ACCOUNT_KEY` or `2*3*4` stay as typed.
// A held piece (code, mention) next to a marker counts as an edge too.
const EDGE_BEFORE = `(^|[\\s([{${HOLD_END}])`;
const EDGE_AFTER = `(?=$|[\\s)\\]}.,;:!?${HOLD_START}])`;
const BOLD = new RegExp(`${EDGE_BEFORE}\\*([^*\\n]+?)\\*${EDGE_AFTER}`, 'g');
const ITALIC = new RegExp(`${EDGE_BEFORE}_([^_\\n]+?)_${EDGE_AFTER}`, 'g');
const STRIKE = new RegExp(`${EDGE_BEFORE}~([^~\\n]+?)~${EDGE_AFTER}`, 'g');

function renderPlain(text: string): string {
  // Emoji last: their markup must not be mistaken for formatting markers.
  const formatted = escapeHtml(decodeSlackEntities(text))
    .replace(BOLD, '$1<strong>$2</strong>')
    .replace(ITALIC, '$1<em>$2</em>')
    .replace(STRIKE, '$1<del>$2</del>');
  return replaceEmoji(formatted).replaceAll('\n', '<br>');
}

import { replaceEmoji } from './emoji.js';
import { decodeSlackEntities, escapeHtml } from './escape-html.js';

// Names for `<@U…>` and `<#C…>`; an unknown id is shown as the id itself.
export type Directory = {
  userName(id: string): string | undefined;
  channelName?(id: string): string | undefined;
};

export const NO_DIRECTORY: Directory = { userName: () => undefined };

// Slack mrkdwn → HTML, minimally: code blocks, inline code, <…> tokens, bold, italic, strike, emoji.
export function renderMrkdwn(text: string, directory: Directory = NO_DIRECTORY): string {
  return text
    .split(/(```[\s\S]*?```)/)
    .map((part) =>
      part.startsWith('```') && part.endsWith('```') && part.length >= 6
        ? `<pre class="mk-pre">${escapeHtml(decodeSlackEntities(trimFence(part)))}</pre>`
        : renderInline(part, directory),
    )
    .join('');
}

// Slack drops one newline right inside the fences.
function trimFence(block: string): string {
  return block.slice(3, -3).replace(/^\n/, '').replace(/\n$/, '');
}

function renderInline(text: string, directory: Directory): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) =>
      part.length > 2 && part.startsWith('`') && part.endsWith('`')
        ? `<code class="mk-code">${escapeHtml(decodeSlackEntities(part.slice(1, -1)))}</code>`
        : renderTokens(part, directory),
    )
    .join('');
}

function renderTokens(text: string, directory: Directory): string {
  return text
    .split(/(<[^<>\n]+>)/)
    .map((part) =>
      part.startsWith('<') && part.endsWith('>')
        ? renderToken(part.slice(1, -1), directory)
        : renderPlain(part),
    )
    .join('');
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
const EDGE_BEFORE = '(^|[\\s([{"\'])';
const EDGE_AFTER = '(?=$|[\\s)\\]}.,;:!?"\'])';
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

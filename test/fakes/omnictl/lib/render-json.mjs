// Go's encoding/json as omnictl uses it: maps with sorted keys, 4-space indent when pretty,
// and HTML-safe escaping of <, > and & (json.Encoder's default).

const GO_ESCAPES = /[\u0000-\u001f"\\<>&\u2028\u2029]/g;

/** @param {string} ch */
function escapeChar(ch) {
  switch (ch) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/** @param {string} s */
export function goJsonString(s) {
  return `"${s.replace(GO_ESCAPES, escapeChar)}"`;
}

/** Go sorts map keys by their UTF-8 bytes; for the ASCII keys used here plain comparison matches. */
function sortedKeys(obj) {
  return Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * @param {unknown} value
 * @param {string} indent current indentation ('' when compact)
 * @param {boolean} pretty
 * @returns {string}
 */
function encode(value, indent, pretty) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const inner = pretty ? `${indent}    ` : '';
  const nl = pretty ? '\n' : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => inner + encode(v, inner, pretty));
    return `[${nl}${items.join(`,${nl}`)}${nl}${pretty ? indent : ''}]`;
  }
  const obj = /** @type {Record<string, unknown>} */ (value);
  const keys = sortedKeys(obj);
  if (keys.length === 0) return '{}';
  const sep = pretty ? ': ' : ':';
  const items = keys.map((k) => `${inner}${goJsonString(k)}${sep}${encode(obj[k], inner, pretty)}`);
  return `{${nl}${items.join(`,${nl}`)}${nl}${pretty ? indent : ''}}`;
}

const INDEX_KEY = /^(0|[1-9][0-9]*)$/;
const UNSORTABLE = Symbol('unsortable');

/**
 * A copy with every object's keys in sorted order (JSON.stringify keeps insertion order), or
 * UNSORTABLE when a key looks like an array index (engines list those first, whatever the order).
 * @returns {unknown}
 */
function sortedCopy(value) {
  if (Array.isArray(value)) {
    const items = value.map(sortedCopy);
    return items.includes(UNSORTABLE) ? UNSORTABLE : items;
  }
  if (value === null || typeof value !== 'object') return value;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const k of sortedKeys(value)) {
    const v = INDEX_KEY.test(k) ? UNSORTABLE : sortedCopy(value[k]);
    if (v === UNSORTABLE) return UNSORTABLE;
    out[k] = v;
  }
  return out;
}

const HTML_CHARS = /[<>&\u2028\u2029]/g;
const htmlEscape = (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * One `-o json` object: pretty, sorted, newline-terminated (json.Encoder.Encode). Native
 * JSON.stringify does the work (fleets print tens of megabytes); only the characters where Go
 * and JavaScript escape differently need a fix-up, or the slow encoder for \b and \f.
 */
export function renderJsonObject(value) {
  const copy = sortedCopy(value);
  const text = copy === UNSORTABLE ? '' : JSON.stringify(copy, null, 4);
  if (copy === UNSORTABLE || /\\[bf]/.test(text)) return `${encode(value, '', true)}\n`;
  return `${text.replace(HTML_CHARS, htmlEscape)}\n`;
}

/** Compact sorted JSON, as table cells print maps and lists. */
export function renderCompactJson(value) {
  return encode(value, '', false);
}

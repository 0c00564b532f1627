// How go-yaml (v3 defaults, as omnictl uses it) decides to print a string: plain, quoted or literal.
// Mirrors yaml_emitter_analyze_scalar and the resolver checks in encode.go.

const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
const BOOLS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
const OLD_BOOLS = new Set('y Y yes Yes YES n N no No NO on On ON off Off OFF'.split(' '));
const SPECIAL_FLOATS = new Set([
  '.inf',
  '-.inf',
  '+.inf',
  '.Inf',
  '-.Inf',
  '+.Inf',
  '.INF',
  '-.INF',
  '+.INF',
]);
const NANS = new Set(['.nan', '.NaN', '.NAN']);
const INT = /^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP =
  /^\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[-+]\d{1,2}(?::\d{2})?)?)?$/;

/** A string that a YAML reader would take for another type must be quoted to stay a string. */
export function readsAsNonString(s) {
  return (
    s === '' ||
    s === '<<' ||
    NULLS.has(s) ||
    BOOLS.has(s) ||
    OLD_BOOLS.has(s) ||
    SPECIAL_FLOATS.has(s) ||
    NANS.has(s) ||
    INT.test(s) ||
    FLOAT.test(s) ||
    BASE60.test(s) ||
    TIMESTAMP.test(s)
  );
}

/** go-yaml's is_printable, for the characters that can show up here. */
export function isPrintable(ch) {
  const c = ch.codePointAt(0) ?? 0;
  if (c === 0x0a) return true;
  if (c >= 0x20 && c <= 0x7e) return true;
  if (c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)) return true;
  return c >= 0x10000 && c <= 0x10ffff;
}

const FIRST_INDICATORS = new Set([...'#,[]{}&*!|>\'"%@`']);

/**
 * @param {string} s
 * @returns {{plain: boolean, single: boolean, block: boolean}}
 */
export function analyzeScalar(s) {
  if (s === '') return { plain: false, single: true, block: false };
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let special = false;
  let lineBreaks = false;
  let spaceBreak = false;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const ch = /** @type {string} */ (chars[i]);
    const next = chars[i + 1];
    const followedByBlank = next === undefined || next === ' ' || next === '\t' || next === '\n';
    if (i === 0) {
      if (FIRST_INDICATORS.has(ch)) blockIndicators = true;
      if ((ch === '?' || ch === ':' || ch === '-') && followedByBlank) blockIndicators = true;
    } else {
      if (ch === ':' && followedByBlank) blockIndicators = true;
      if (ch === '#' && (chars[i - 1] === ' ' || chars[i - 1] === '\t')) blockIndicators = true;
    }
    if (!isPrintable(ch) || ch === '\ufeff') special = true;
    if (ch === '\n') {
      lineBreaks = true;
      if (chars[i - 1] === ' ') spaceBreak = true;
    }
  }
  const first = chars[0];
  const last = chars[chars.length - 1];
  const edgeSpace = first === ' ' || last === ' ';
  const edgeBreak = first === '\n' || last === '\n';
  const plain = !blockIndicators && !special && !lineBreaks && !edgeSpace && !edgeBreak;
  const single = !special && !spaceBreak && !(edgeSpace && lineBreaks);
  const block = !special && !spaceBreak && last !== ' ';
  return { plain, single, block };
}

const DOUBLE_ESCAPES = new Map([
  ['\0', '\\0'],
  ['\x07', '\\a'],
  ['\b', '\\b'],
  ['\t', '\\t'],
  ['\n', '\\n'],
  ['\v', '\\v'],
  ['\f', '\\f'],
  ['\r', '\\r'],
  ['\x1b', '\\e'],
  ['"', '\\"'],
  ['\\', '\\\\'],
  ['\x85', '\\N'],
  ['\xa0', '\\_'],
  ['\u2028', '\\L'],
  ['\u2029', '\\P'],
]);

/** The escaped form of one character inside a double-quoted scalar, or null to write it as is. */
export function doubleQuoteEscape(ch) {
  const known = DOUBLE_ESCAPES.get(ch);
  if (known) return known;
  if (isPrintable(ch) && ch !== '\ufeff') return null;
  const c = ch.codePointAt(0) ?? 0;
  if (c <= 0xff) return `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
  if (c <= 0xffff) return `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return `\\U${c.toString(16).toUpperCase().padStart(8, '0')}`;
}

// Label queries of `--selector` (cosi resource.LabelQuery as omnictl parses it):
// `k`, `!k`, `k=v`, `k==v`, `k!=v`, `k in (a, b)`, `k notin (a, b)`, `k<n` `k<=n` `k>n` `k>=n`;
// a comma joins terms with AND.

import { CliError } from './cli-error.mjs';

/** Splits on commas outside parentheses. */
function terms(selector) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

/** @returns {(labels: Record<string, string>) => boolean} */
function parseTerm(term) {
  let m = /^([^\s!=<>]+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
  if (m) {
    const [, key, op, list] = m;
    const values = new Set((list ?? '').split(',').map((v) => v.trim()));
    return op === 'in' ? (l) => key in l && values.has(l[key]) : (l) => !(key in l && values.has(l[key]));
  }
  m = /^([^\s!=<>]+)\s*(==|=|!=|<=|>=|<|>)\s*(.*)$/.exec(term);
  if (m) {
    const [, key, op, raw] = m;
    const value = (raw ?? '').trim();
    switch (op) {
      case '=':
      case '==':
        return (l) => key in l && l[key] === value;
      case '!=':
        return (l) => !(key in l) || l[key] !== value;
      default: {
        const n = Number(value);
        if (Number.isNaN(n)) throw new CliError(`invalid label query: ${term}`);
        const cmp = { '<': (a) => a < n, '<=': (a) => a <= n, '>': (a) => a > n, '>=': (a) => a >= n }[op];
        return (l) => key in l && l[key] !== '' && !Number.isNaN(Number(l[key])) && cmp(Number(l[key]));
      }
    }
  }
  if (/^![^\s!=<>]+$/.test(term)) return (l) => !(term.slice(1) in l);
  if (/^[^\s!=<>()]+$/.test(term)) return (l) => term in l;
  throw new CliError(`invalid label query: ${term}`);
}

/** @param {string} selector @returns {(resource: any) => boolean} */
export function parseSelector(selector) {
  const checks = terms(selector).map(parseTerm);
  return (resource) => {
    const raw = resource.metadata.labels ?? {};
    // Labels are stored as strings; the JSON view turned "" into null and "8" into 8.
    const labels = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === null ? '' : String(v)]));
    return checks.every((check) => check(labels));
  };
}

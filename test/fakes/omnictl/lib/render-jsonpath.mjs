// `-o jsonpath=…` with the subset of k8s jsonpath a runbook uses: `{.a.b}`, `{.a['b.c']}`,
// `{.a.b\.c}`, `[n]`, literal text between expressions. One line per resource.

import { CliError } from './cli-error.mjs';
import { renderJsonObject } from './render-json.mjs';

function parsePath(expr) {
  const path = [];
  let i = 0;
  while (i < expr.length) {
    if (expr[i] === '.') {
      let key = '';
      i++;
      while (i < expr.length && expr[i] !== '.' && expr[i] !== '[') {
        if (expr[i] === '\\' && i + 1 < expr.length) i++;
        key += expr[i++];
      }
      if (key !== '') path.push(key);
    } else if (expr[i] === '[') {
      const end = expr.indexOf(']', i);
      if (end < 0) throw new CliError(`unclosed array expect ]`);
      const inner = expr.slice(i + 1, end).trim();
      path.push(/^['"].*['"]$/.test(inner) ? inner.slice(1, -1) : Number(inner));
      i = end + 1;
    } else {
      throw new CliError(`unrecognized character in action: ${expr[i]}`);
    }
  }
  return path;
}

function compile(template) {
  const parts = [];
  const re = /\{([^}]*)\}/g;
  let last = 0;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    parts.push(template.slice(last, m.index));
    const expr = (m[1] ?? '').trim();
    if (expr.startsWith('range') || expr === 'end')
      throw new CliError('fake omnictl: jsonpath range is not supported');
    parts.push({ path: parsePath(expr.startsWith('$') ? expr.slice(1) : expr) });
    last = re.lastIndex;
  }
  parts.push(template.slice(last));
  return parts;
}

function format(value) {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'object') return renderJsonObject(value).trimEnd();
  return String(value);
}

/** @param {string} template @param {any[]} resources */
export function renderJsonPath(template, resources) {
  const parts = compile(template);
  return resources
    .map((r) => {
      const text = parts
        .map((part) =>
          typeof part === 'string'
            ? part
            : format(part.path.reduce((v, k) => (v == null ? undefined : v[k]), r)),
        )
        .join('');
      return `${text}\n`;
    })
    .join('');
}

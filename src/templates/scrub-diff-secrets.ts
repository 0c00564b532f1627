// A template diff can carry credentials from patches (tokens, keys, certificates); before it is
// posted anywhere, the values of keys that look secret and every PEM block are replaced. Line by
// line rather than by parsing YAML: in `cluster template diff` a patch is itself text inside a
// ConfigPatch's `data: |` block, and hunks are fragments that do not parse on their own.

export const HIDDEN = '••• (hidden)';

// Key names whose values are hidden. Generous on purpose: hiding a harmless value costs a reviewer a
// look at the template; showing a credential leaks it to a channel.
const SECRET_NAME = /secret|token|passw(?:or)?d|passphrase|cred|private|key|cert|crt|auth/i;
// Names that match the pattern but hold nothing secret, shown so a reviewer can read them.
const HARMLESS_NAMES = new Set(['certsans']);

const HEADER = /^(?:--- |\+\+\+ |@@ |diff |index )/;
const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]+-----/;
const PEM_END = /-----END [A-Z0-9 ]+-----/;
const PEM_INLINE = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g;
// `key: value` / `- "key": value` at the start of a YAML line: indent, optional item dash, key.
const KEY_LINE = /^(\s*(?:-\s+)*)(["']?)([^\s"':#{}[\],][^"':#{}[\],]*?)\2\s*:(?:\s+|$)(.*)$/;
// Block scalar indicators (`|`, `>-`, `|2+`, …), optionally after an anchor or a tag.
const BLOCK_SCALAR = /^(?:[&!]\S+\s+)*[|>][-+0-9]*\s*(?:#.*)?$/;
// `NAME=value` (env lists, flags) and credentials in URLs.
const ASSIGNMENT = /([A-Za-z0-9_.-]+)=("[^"]*"|'[^']*'|[^\s,'"}\]]+)/g;
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;
// `key: value` pairs inside a flow mapping (`{ token: abc, name: x }`).
const FLOW_PAIR = /([{,]\s*)(["']?)([^\s"':,{}[\]]+)\2\s*:\s*("[^"]*"|'[^']*'|[^,}]+?)(?=\s*[,}])/g;

function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !HARMLESS_NAMES.has(name.toLowerCase());
}

function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

function scrubInline(text: string): string {
  return text
    .replace(PEM_INLINE, HIDDEN)
    .replace(URL_CREDENTIALS, `$1${HIDDEN}@`)
    .replace(ASSIGNMENT, (whole, name: string) => (isSecretName(name) ? `${name}=${HIDDEN}` : whole))
    .replace(FLOW_PAIR, (whole, lead: string, q: string, name: string) =>
      isSecretName(name) ? `${lead}${q}${name}${q}: ${HIDDEN}` : whole,
    );
}

type Hiding = { kind: 'nested'; deeperThan: number } | { kind: 'pem' };

/** Returns `diff` with secret-looking values replaced by `••• (hidden)`; hash the original, post this. */
export function scrubDiffSecrets(diff: string): string {
  const out: string[] = [];
  let hiding: Hiding | undefined;
  // Consecutive hidden lines of one side of the diff become one line saying how many there were.
  let hiddenRun: { marker: string; indent: string; count: number } | undefined;
  const flush = () => {
    if (hiddenRun === undefined) return;
    const { marker, indent, count } = hiddenRun;
    out.push(`${marker}${indent}${HIDDEN.replace(')', `: ${count} line${count === 1 ? '' : 's'})`)}`);
    hiddenRun = undefined;
  };
  const hide = (marker: string, body: string) => {
    if (hiddenRun?.marker === marker) hiddenRun.count += 1;
    else {
      flush();
      hiddenRun = { marker, indent: ' '.repeat(indentOf(body)), count: 1 };
    }
  };
  for (const line of diff.split('\n')) {
    // Every line of a hunk has a marker; an empty line is the end of the text, never a value.
    if (HEADER.test(line) || line === '') {
      hiding = undefined;
      flush();
      out.push(line);
      continue;
    }
    const marker = /^[ +-]/.test(line) ? line.slice(0, 1) : '';
    const body = line.slice(marker.length);
    if (hiding?.kind === 'pem') {
      hide(marker, body);
      if (PEM_END.test(body)) hiding = undefined;
      continue;
    }
    if (hiding?.kind === 'nested') {
      if (body.trim() === '' || indentOf(body) > hiding.deeperThan) {
        hide(marker, body);
        continue;
      }
      hiding = undefined;
    }
    if (PEM_BEGIN.test(body) && !PEM_END.test(body)) {
      hiding = { kind: 'pem' };
      hide(marker, body);
      continue;
    }
    flush();
    const key = KEY_LINE.exec(body);
    if (key && isSecretName(key[3] ?? '')) {
      const [, lead = '', quote = '', name = '', value = ''] = key;
      const rest = value.trim();
      // An empty value or a block scalar: the lines nested under the key are the value; the key
      // line stays as it is, so the reader sees which side of the diff changed it.
      if (rest === '' || rest.startsWith('#') || BLOCK_SCALAR.test(rest)) {
        hiding = { kind: 'nested', deeperThan: lead.length };
        out.push(line);
        continue;
      }
      out.push(`${marker}${lead}${quote}${name}${quote}: ${HIDDEN}`);
      continue;
    }
    out.push(marker + scrubInline(body));
  }
  flush();
  return out.join('\n');
}

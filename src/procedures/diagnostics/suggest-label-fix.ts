/**
 * Suggested template fix for forbidden node labels (runbook: "Node Stuck in Reboot Loop").
 * For each forbidden label passed in, this proposes a unified diff of the template (and its
 * patch files) that swaps the key for its unprivileged suggestion, e.g.
 * `node-role.kubernetes.io/worker: ""` → `omni.sidero.dev/role: worker`. The bot only shows it:
 * operators apply it in their template repository. Lines it cannot rewrite are listed first.
 */
import type { ClusterTemplate } from '../../templates/cluster-template.js';
import { type LabelFinding, parseNodeLabelsFlag } from './check-node-labels.js';

const CONTEXT = 3;
type Edits = Map<number, string | null>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// Plain when YAML reads it back as the same string, quoted otherwise (`""`, `true`, `1.0`).
function yamlScalar(value: string): string {
  const plain = /^[A-Za-z]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(value);
  const special = /^(true|false|null|yes|no|on|off|y|n)$/i.test(value);
  return plain && !special ? value : JSON.stringify(value);
}

const YAML_VALUE = String.raw`(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s,}#'"][^,}#]*?|)`;

function rewriteNodeLabel(line: string, finding: LabelFinding, drop: boolean): string | null | undefined {
  const key = `(?<q>["']?)${escapeRegExp(finding.key)}\\k<q>\\s*:[ \\t]*${YAML_VALUE}`;
  if (drop) return new RegExp(`^\\s*${key}\\s*(#.*)?$`).test(line) ? null : undefined;
  const pattern = new RegExp(`(^|[\\s{,])${key}(?=\\s*(?:[,}#]|$))`);
  if (!pattern.test(line) || finding.suggestion === undefined) return undefined;
  const { key: newKey, value } = finding.suggestion;
  return line.replace(pattern, (_all, lead: string) => `${lead}${newKey}: ${yamlScalar(value)}`);
}

function rewriteFlagLabel(line: string, finding: LabelFinding, drop: boolean): string | undefined {
  const item = `${escapeRegExp(finding.key)}(?:=[^,\\s"']*)?`;
  const pattern = drop
    ? new RegExp(`(?<=^|[\\s"':])${item},|,${item}(?=$|[\\s"'])`)
    : new RegExp(`(?<=^|[\\s,"':])${item}(?=$|[\\s,"'])`);
  if (!pattern.test(line) || finding.suggestion === undefined) return undefined;
  const { key, value } = finding.suggestion;
  return line.replace(pattern, () => (drop ? '' : `${key}=${value}`));
}

// The keys a patch already sets in one place: a suggestion that is already there replaces nothing.
function keysSet(template: ClusterTemplate, finding: LabelFinding): Set<string> {
  const patch = template.documents
    .flatMap((doc) => doc.patches)
    .find((p) => p.file === finding.where.file && p.name === finding.where.patch);
  const machine = (patch?.data as { machine?: Record<string, unknown> } | null)?.machine;
  if (finding.where.via === 'nodeLabels') return new Set(Object.keys(machine?.nodeLabels ?? {}));
  const flag = (machine?.kubelet as { extraArgs?: Record<string, unknown> } | undefined)?.extraArgs?.[
    'node-labels'
  ];
  const flags = Array.isArray(flag) ? flag.map(String) : typeof flag === 'string' ? [flag] : [];
  return new Set(flags.flatMap((text) => parseNodeLabelsFlag(text).map((label) => label.key)));
}

function hunk(
  lines: string[],
  edits: Edits,
  from: number,
  to: number,
  shift: number,
  endsOpen: boolean,
): string[] {
  const noNewline = '\\ No newline at end of file';
  const out: string[] = [];
  let removed = 0;
  for (let i = from; i <= to; i += 1) {
    const last = endsOpen && i === lines.length - 1;
    const old = lines[i] ?? '';
    if (!edits.has(i)) {
      out.push(` ${old}`, ...(last ? [noNewline] : []));
      continue;
    }
    out.push(`-${old}`, ...(last ? [noNewline] : []));
    const next = edits.get(i);
    if (next === null || next === undefined) removed += 1;
    else out.push(`+${next}`, ...(last ? [noNewline] : []));
  }
  const oldCount = to - from + 1;
  const newCount = oldCount - removed;
  const newStart = newCount === 0 ? from + shift : from + 1 + shift;
  return [`@@ -${from + 1},${oldCount} +${newStart},${newCount} @@`, ...out];
}

function fileDiff(file: string, text: string, edits: Edits): string[] {
  const endsOpen = !text.endsWith('\n');
  const lines = (endsOpen ? text : text.slice(0, -1)).split('\n');
  const changed = [...edits.keys()].sort((a, b) => a - b);
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let shift = 0;
  for (let start = 0; start < changed.length; ) {
    let end = start;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= 2 * CONTEXT) end += 1;
    const from = Math.max(0, changed[start]! - CONTEXT);
    const to = Math.min(lines.length - 1, changed[end]! + CONTEXT);
    out.push(...hunk(lines, edits, from, to, shift, endsOpen));
    shift -= changed.slice(start, end + 1).filter((i) => edits.get(i) === null).length;
    start = end + 1;
  }
  return out;
}

/** A unified diff replacing each forbidden finding's key with its suggestion; '' when nothing to change. */
export function suggestLabelFix(template: ClusterTemplate, findings: LabelFinding[]): string {
  const editsByFile = new Map<string, Edits>();
  const setKeys = new Map<string, Set<string>>();
  const notes: string[] = [];
  // A YAML alias can make two patches report the same line: rewrite it once.
  const forbidden = new Map(
    findings
      .filter((f) => f.verdict === 'forbidden')
      .map((f) => [`${f.where.file}:${f.where.line}:${f.where.via}:${f.key}`, f]),
  );
  for (const finding of forbidden.values()) {
    const { file, line, patch, via } = finding.where;
    const text = template.files[file];
    const edits = editsByFile.get(file) ?? new Map<number, string | null>();
    const current = edits.has(line - 1) ? edits.get(line - 1) : text?.split('\n')[line - 1];
    const placeId = `${file}\0${patch}\0${via}`;
    const keys = setKeys.get(placeId) ?? keysSet(template, finding);
    setKeys.set(placeId, keys);
    const drop = finding.suggestion !== undefined && keys.has(finding.suggestion.key);
    const rewrite = via === 'nodeLabels' ? rewriteNodeLabel : rewriteFlagLabel;
    const next = current === null || current === undefined ? undefined : rewrite(current, finding, drop);
    if (next === undefined) {
      notes.push(`# not rewritten: ${finding.key} at ${file}:${line} (patch ${patch}); change it by hand`);
      continue;
    }
    if (drop)
      notes.push(`# dropped: ${finding.key} at ${file}:${line}, ${finding.suggestion?.key} is already set`);
    keys.delete(finding.key);
    if (finding.suggestion !== undefined) keys.add(finding.suggestion.key);
    edits.set(line - 1, next);
    editsByFile.set(file, edits);
  }
  const diffs = [...editsByFile].flatMap(([file, edits]) =>
    fileDiff(file, template.files[file] ?? '', edits),
  );
  const out = [...notes, ...diffs];
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments, type YAMLMap } from 'yaml';
import { keyPathId, TEMPLATE_KINDS, type TemplateDocument, type TemplateKind } from './cluster-template.js';
import { collectKeyLines, lineAt } from './key-lines.js';

// A patch as written in the template; `file:` patches are read by the caller (IO stays at the edge).
export type PatchEntry = { name: string; line: number } & (
  | { kind: 'inline'; data: unknown; keyLines: Record<string, number> }
  | { kind: 'file'; file: string }
);
export type ParsedDocument = Omit<TemplateDocument, 'patches'> & { patches: PatchEntry[] };
export type ParsedTemplate =
  | { ok: true; clusterName: string; documents: ParsedDocument[] }
  | { ok: false; errors: string[] };

// Records a problem and returns undefined, so a parser can `return problem(…)`.
type Problem = (line: number, message: string) => undefined;

function pairOf(map: YAMLMap, key: string) {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
}

// "Map keys must be unique at line 2, column 1:\n\n…" → "Map keys must be unique".
function yamlMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

// Omni's own rule: a file patch may go without a name, an inline one needs a name or idOverride.
function parsePatch(node: unknown, lc: LineCounter, problem: Problem): PatchEntry | undefined {
  const line = lineAt(node as Node, lc);
  if (!isMap(node)) return problem(line, 'a patch must be a mapping');
  const entry = node.toJSON() as Record<string, unknown>;
  const { name, idOverride, file, inline } = entry;
  if (name !== undefined && typeof name !== 'string') return problem(line, 'patch name must be a string');
  if (file !== undefined && inline !== undefined) {
    return problem(line, `patch "${name ?? file}": file and inline are mutually exclusive`);
  }
  if (typeof file === 'string' && file !== '') return { name: name || file, line, kind: 'file', file };
  if (file !== undefined) return problem(line, 'patch file must be a non-empty path');
  if (inline === undefined) return problem(line, `patch "${name ?? ''}": file or inline is required`);
  const label = name || (typeof idOverride === 'string' ? idOverride : '');
  if (label === '') return problem(line, 'an inline patch needs a name or idOverride');
  const inlinePair = pairOf(node, 'inline');
  if (!isMap(inlinePair?.value)) return problem(line, `patch "${label}": inline must be a mapping`);
  const keyLines = collectKeyLines(inlinePair.value, lc);
  keyLines[keyPathId([])] = lineAt(inlinePair.key as Node, lc);
  return { name: label, line, kind: 'inline', data: inline, keyLines };
}

function parsePatches(map: YAMLMap, lc: LineCounter, problem: Problem): PatchEntry[] {
  const pair = pairOf(map, 'patches');
  if (pair === undefined || pair.value === null) return [];
  if (!isSeq(pair.value)) {
    problem(lineAt(pair.key as Node, lc), 'patches must be a list');
    return [];
  }
  return pair.value.items.flatMap((item) => parsePatch(item, lc, problem) ?? []);
}

function parseMachines(map: YAMLMap, lc: LineCounter, problem: Problem): string[] {
  const pair = pairOf(map, 'machines');
  if (pair === undefined) return [];
  const line = lineAt(pair.key as Node, lc);
  if (pairOf(map, 'machineClass') !== undefined)
    problem(line, 'machines and machineClass are mutually exclusive');
  const machines = map.toJSON().machines as unknown;
  if (Array.isArray(machines) && machines.every((m) => typeof m === 'string')) return machines;
  problem(line, 'machines must be a list of machine ids');
  return [];
}

function parseDocument(node: unknown, lc: LineCounter, problem: Problem): ParsedDocument | undefined {
  const line = lineAt(node as Node, lc);
  if (!isMap(node)) return problem(line, 'a template document must be a mapping');
  const { kind, name } = node.toJSON() as Record<string, unknown>;
  if (kind === undefined) return problem(line, 'document has no kind');
  if (!TEMPLATE_KINDS.includes(kind as TemplateKind)) {
    return problem(line, `unknown kind "${String(kind)}" (expected ${TEMPLATE_KINDS.join(', ')})`);
  }
  const needsName = kind === 'Cluster' || kind === 'Machine';
  if (needsName && (typeof name !== 'string' || name === '')) return problem(line, `${kind} has no name`);
  if (name !== undefined && typeof name !== 'string') return problem(line, `${kind} name must be a string`);
  const shownName = kind === 'Workers' ? (name ?? 'workers') : name;
  const patches = parsePatches(node, lc, problem);
  const machines = parseMachines(node, lc, problem);
  return { kind: kind as TemplateKind, name: shownName, line, machines, patches };
}

// Omni's template rules: exactly one Cluster and one ControlPlane; Workers and Machines unique by name.
function checkStructure(documents: ParsedDocument[], cluster: string, problem: Problem): void {
  for (const kind of ['Cluster', 'ControlPlane'] as const) {
    const found = documents.filter((d) => d.kind === kind);
    if (found.length === 0) problem(0, `no kind: ${kind} document`);
    for (const extra of found.slice(1)) {
      problem(extra.line, `a second kind: ${kind} (the first is at line ${found[0]?.line})`);
    }
  }
  const name = documents.find((d) => d.kind === 'Cluster')?.name;
  const clusterLine = documents.find((d) => d.kind === 'Cluster')?.line ?? 0;
  if (name !== undefined && name !== cluster) {
    problem(clusterLine, `the template is for cluster "${name}", not "${cluster}"`);
  }
  const seen = new Map<string, number>();
  for (const doc of documents.filter((d) => d.kind === 'Workers' || d.kind === 'Machine')) {
    const id = `${doc.kind} "${doc.name}"`;
    const first = seen.get(id);
    if (first !== undefined) problem(doc.line, `a second ${id} (the first is at line ${first})`);
    else seen.set(id, doc.line);
  }
}

export function parseTemplateDocuments(shownPath: string, text: string, cluster: string): ParsedTemplate {
  const errors: string[] = [];
  const problem: Problem = (line, message) => {
    errors.push(line > 0 ? `${shownPath}: line ${line}: ${message}` : `${shownPath}: ${message}`);
    return undefined;
  };
  const lc = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lc, merge: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  for (const error of docs.flatMap((doc) => doc.errors)) {
    problem(error.linePos?.[0].line ?? 0, yamlMessage(error.message));
  }
  if (errors.length > 0) return { ok: false, errors };
  // A stray `---` at the end gives an empty document; omnictl skips those too.
  const present = docs.filter(
    (doc) => doc.contents !== null && !(isScalar(doc.contents) && doc.contents.value === null),
  );
  const documents = present.flatMap((doc) => parseDocument(doc.contents, lc, problem) ?? []);
  if (errors.length === 0) checkStructure(documents, cluster, problem);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, clusterName: cluster, documents };
}

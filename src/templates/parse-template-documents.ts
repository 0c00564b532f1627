import { type Document, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type YAMLMap } from 'yaml';
import { keyPathId, TEMPLATE_KINDS, type TemplateDocument, type TemplateKind } from './cluster-template.js';
import { collectKeyLines, deref, lineAt, type Source } from './key-lines.js';

// A patch as written in the template; `file:` patches are read by the caller (IO stays at the edge).
export type PatchEntry = { name: string; line: number } & (
  | { kind: 'inline'; data: unknown; keyLines: Record<string, number> }
  | { kind: 'file'; file: string }
);
type ParsedDocument = Omit<TemplateDocument, 'patches'> & { patches: PatchEntry[] };
type ParsedTemplate =
  | { ok: true; clusterName: string; documents: ParsedDocument[] }
  | { ok: false; errors: string[] };

// Records a problem and returns undefined, so a parser can `return problem(…)`.
type Problem = (line: number, message: string) => undefined;
type Ctx = Source & { problem: Problem };
type Fields = Record<string, unknown>;

function pairOf(map: YAMLMap, key: string) {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
}

function isFields(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// "Map keys must be unique at line 2, column 1:\n\n…" → "Map keys must be unique".
export function yamlMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

// Omni's own rule: a file patch may go without a name, an inline one needs a name or idOverride.
function parsePatch(node: unknown, entry: unknown, ctx: Ctx): PatchEntry | undefined {
  const line = lineAt(deref(node, ctx), ctx.lc);
  if (!isFields(entry)) return ctx.problem(line, 'a patch must be a mapping');
  const { name, idOverride, file, inline } = entry;
  if (name !== undefined && typeof name !== 'string') return ctx.problem(line, 'patch name must be a string');
  if (file !== undefined && inline !== undefined) {
    return ctx.problem(line, `patch "${name ?? file}": file and inline are mutually exclusive`);
  }
  if (typeof file === 'string' && file !== '') return { name: name || file, line, kind: 'file', file };
  if (file !== undefined) return ctx.problem(line, 'patch file must be a non-empty path');
  if (inline === undefined) return ctx.problem(line, `patch "${name ?? ''}": file or inline is required`);
  const label = name || (typeof idOverride === 'string' ? idOverride : '');
  if (label === '') return ctx.problem(line, 'an inline patch needs a name or idOverride');
  if (!isFields(inline)) return ctx.problem(line, `patch "${label}": inline must be a mapping`);
  const inlinePair = pairOf(deref(node, ctx) as YAMLMap, 'inline');
  const keyLines = collectKeyLines(inlinePair?.value, ctx);
  keyLines[keyPathId([])] = lineAt(inlinePair?.key, ctx.lc);
  return { name: label, line, kind: 'inline', data: inline, keyLines };
}

function parsePatches(map: YAMLMap, fields: Fields, ctx: Ctx): PatchEntry[] {
  const pair = pairOf(map, 'patches');
  const list = deref(pair?.value, ctx);
  if (pair === undefined || fields.patches === null) return [];
  if (!isSeq(list) || !Array.isArray(fields.patches)) {
    ctx.problem(lineAt(pair.key, ctx.lc), 'patches must be a list');
    return [];
  }
  const entries = fields.patches;
  return list.items.flatMap((item, index) => parsePatch(item, entries[index], ctx) ?? []);
}

function parseMachines(map: YAMLMap, fields: Fields, ctx: Ctx): string[] {
  const pair = pairOf(map, 'machines');
  if (pair === undefined) return [];
  const line = lineAt(pair.key, ctx.lc);
  if (fields.machineClass !== undefined)
    ctx.problem(line, 'machines and machineClass are mutually exclusive');
  const { machines } = fields;
  if (Array.isArray(machines) && machines.every((m) => typeof m === 'string')) return machines;
  ctx.problem(line, 'machines must be a list of machine ids');
  return [];
}

function parseDocument(doc: Document, ctx: Ctx): ParsedDocument | undefined {
  const node = doc.contents;
  const line = lineAt(node, ctx.lc);
  const fields: unknown = doc.toJS();
  if (!isMap(node) || !isFields(fields)) return ctx.problem(line, 'a template document must be a mapping');
  const { kind, name } = fields;
  if (kind === undefined) return ctx.problem(line, 'document has no kind');
  if (!TEMPLATE_KINDS.includes(kind as TemplateKind)) {
    return ctx.problem(line, `unknown kind "${String(kind)}" (expected ${TEMPLATE_KINDS.join(', ')})`);
  }
  const needsName = kind === 'Cluster' || kind === 'Machine';
  if (needsName && (typeof name !== 'string' || name === '')) return ctx.problem(line, `${kind} has no name`);
  if (name !== undefined && typeof name !== 'string')
    return ctx.problem(line, `${kind} name must be a string`);
  const shownName = kind === 'Workers' ? (name ?? 'workers') : name;
  const patches = parsePatches(node, fields, ctx);
  const machines = parseMachines(node, fields, ctx);
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
  const clusterDoc = documents.find((d) => d.kind === 'Cluster');
  if (clusterDoc?.name !== undefined && clusterDoc.name !== cluster) {
    problem(clusterDoc.line, `the template is for cluster "${clusterDoc.name}", not "${cluster}"`);
  }
  const seen = new Map<string, number>();
  for (const doc of documents.filter((d) => d.kind === 'Workers' || d.kind === 'Machine')) {
    const id = `${doc.kind} "${doc.name}"`;
    const first = seen.get(id);
    if (first !== undefined) problem(doc.line, `a second ${id} (the first is at line ${first})`);
    else seen.set(id, doc.line);
  }
}

// A stray `---` at the end gives an empty document; omnictl skips those too.
function isEmpty(doc: Document): boolean {
  return doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);
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
  const documents: ParsedDocument[] = [];
  for (const doc of docs.filter((d) => !isEmpty(d))) {
    try {
      const parsedDoc = parseDocument(doc, { lc, doc, problem });
      if (parsedDoc !== undefined) documents.push(parsedDoc);
    } catch (error) {
      // toJS refuses what the parser let through, e.g. a merge of a non-map.
      problem(lineAt(doc.contents, lc), (error as Error).message);
    }
  }
  if (errors.length === 0) checkStructure(documents, cluster, problem);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, clusterName: cluster, documents };
}

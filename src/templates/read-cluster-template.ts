import { readFile, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isClusterName } from '../omni-model/identifiers.js';
import type {
  ClusterTemplate,
  TemplateDocument,
  TemplatePatch,
  TemplateReadResult,
} from './cluster-template.js';
import { lineLookup } from './key-lines.js';
import { parsePatchFile } from './parse-patch-file.js';
import { type PatchEntry, parseTemplateDocuments } from './parse-template-documents.js';

type FileText = { text: string } | { missing: 'not found' | 'not a file' };

// A missing or misplaced file is the operator's to fix, so a value; anything else is a broken host.
async function readText(path: string): Promise<FileText> {
  try {
    return { text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: 'not found' };
    if (code === 'EISDIR') return { missing: 'not a file' };
    throw new Error(`cannot read ${path}`, { cause: error });
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

type Reader = {
  root: string;
  shown: (absolute: string) => string;
  files: Record<string, string>;
  errors: string[];
};

// Like omnictl's default `--allowed-dir ./`: a `file:` patch must stay in the template's directory,
// also after following symlinks.
async function readPatch(
  reader: Reader,
  templatePath: string,
  entry: PatchEntry,
): Promise<TemplatePatch | undefined> {
  const base = { name: entry.name, line: entry.line };
  if (entry.kind === 'inline') {
    const { data, keyLines } = entry;
    return { ...base, source: 'inline', file: templatePath, data, keyLines, lineOf: lineLookup(keyLines) };
  }
  const at = `${templatePath}: line ${entry.line}: patch file "${entry.file}"`;
  const absolute = resolve(reader.root, entry.file);
  if (entry.file.includes('\0') || !isInside(reader.root, absolute)) {
    reader.errors.push(`${at} is outside the template directory`);
    return undefined;
  }
  const shownPatch = reader.shown(absolute);
  const read = await readText(absolute);
  if ('missing' in read) {
    reader.errors.push(`${at} ${read.missing} (${shownPatch})`);
    return undefined;
  }
  if (!isInside(await realpath(reader.root), await realpath(absolute))) {
    reader.errors.push(`${at} is outside the template directory (through a symlink)`);
    return undefined;
  }
  const parsed = parsePatchFile(shownPatch, read.text);
  if (!parsed.ok) {
    reader.errors.push(...parsed.errors);
    return undefined;
  }
  reader.files[shownPatch] = read.text;
  const { data, keyLines } = parsed;
  const source = { file: entry.file };
  return { ...base, source, file: shownPatch, data, keyLines, lineOf: lineLookup(keyLines) };
}

/**
 * Reads `<dir>/<cluster>.yaml` and its `file:` patches into a ClusterTemplate with line numbers.
 * Paths are shown relative to the parent of `dir`, e.g. `clusters/talos-prod.yaml`.
 */
export async function readClusterTemplate(dir: string, cluster: string): Promise<TemplateReadResult> {
  if (!isClusterName(cluster)) return { ok: false, error: `invalid cluster name "${cluster}"` };
  const root = resolve(dir);
  const shown = (absolute: string) => relative(dirname(root), absolute).split(sep).join('/');
  const templateAbsolute = join(root, `${cluster}.yaml`);
  const path = shown(templateAbsolute);
  const read = await readText(templateAbsolute);
  if ('missing' in read) return { ok: false, error: `no template ${path}` };

  const parsed = parseTemplateDocuments(path, read.text, cluster);
  if (!parsed.ok) return { ok: false, error: parsed.errors.join('\n') };
  const reader: Reader = { root, shown, files: { [path]: read.text }, errors: [] };
  const documents: TemplateDocument[] = [];
  for (const { patches: entries, ...doc } of parsed.documents) {
    const patches: TemplatePatch[] = [];
    // One at a time, so errors come out in template order.
    for (const entry of entries) {
      const patch = await readPatch(reader, path, entry);
      if (patch !== undefined) patches.push(patch);
    }
    documents.push({ ...doc, patches });
  }
  if (reader.errors.length > 0) return { ok: false, error: reader.errors.join('\n') };
  const template: ClusterTemplate = { path, clusterName: parsed.clusterName, documents, files: reader.files };
  return { ok: true, template };
}

import { type Document, isMap, LineCounter, parseAllDocuments } from 'yaml';
import { keyPathId } from './cluster-template.js';
import { collectKeyLines, lineAt } from './key-lines.js';
import { yamlMessage } from './parse-template-documents.js';

type ParsedPatchFile =
  | { ok: true; data: unknown; keyLines: Record<string, number> }
  | { ok: false; errors: string[] };

// A Talos patch file may hold several documents; only the machine config one (no `kind`) can
// carry `machine.nodeLabels` or kubelet flags, so that is the one the model keeps.
function isMachineConfig(doc: Document): boolean {
  return isMap(doc.contents) && !doc.contents.has('kind');
}

export function parsePatchFile(shownPath: string, text: string): ParsedPatchFile {
  const lc = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lc, merge: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  const errors = docs.flatMap((doc) =>
    doc.errors.map(
      (error) => `${shownPath}: line ${error.linePos?.[0].line ?? 0}: ${yamlMessage(error.message)}`,
    ),
  );
  if (errors.length > 0) return { ok: false, errors };
  const doc = docs.find(isMachineConfig) ?? docs[0];
  if (doc === undefined || doc.contents === null) return { ok: true, data: null, keyLines: {} };
  try {
    const data: unknown = doc.toJS();
    const keyLines = collectKeyLines(doc.contents, { lc, doc });
    keyLines[keyPathId([])] = lineAt(doc.contents, lc);
    return { ok: true, data, keyLines };
  } catch (error) {
    return {
      ok: false,
      errors: [`${shownPath}: line ${lineAt(doc.contents, lc)}: ${(error as Error).message}`],
    };
  }
}

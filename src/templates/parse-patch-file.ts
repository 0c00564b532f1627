import { isMap, LineCounter, parseAllDocuments } from 'yaml';
import { keyPathId } from './cluster-template.js';
import { collectKeyLines, lineAt } from './key-lines.js';

export type ParsedPatchFile =
  | { ok: true; data: unknown; keyLines: Record<string, number> }
  | { ok: false; errors: string[] };

// A Talos patch file may hold several documents; only the machine config one (no `kind`) can
// carry `machine.nodeLabels` or kubelet flags, so that is the one the model keeps.
function isMachineConfig(contents: unknown): boolean {
  return isMap(contents) && !contents.has('kind');
}

export function parsePatchFile(shownPath: string, text: string): ParsedPatchFile {
  const lc = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lc, merge: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  const errors = docs.flatMap((doc) =>
    doc.errors.map((error) => {
      const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      return `${shownPath}: line ${error.linePos?.[0].line ?? 0}: ${message}`;
    }),
  );
  if (errors.length > 0) return { ok: false, errors };
  const chosen = docs.find((doc) => isMachineConfig(doc.contents)) ?? docs[0];
  if (chosen === undefined || chosen.contents === null) return { ok: true, data: null, keyLines: {} };
  const keyLines = collectKeyLines(chosen.contents, lc);
  keyLines[keyPathId([])] = lineAt(chosen.contents, lc);
  return { ok: true, data: chosen.toJS(), keyLines };
}

import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import { keyPathId } from './cluster-template.js';

export type Source = { lc: LineCounter; doc: Document };

// Line of a node's first character, 1-based; 0 when the node carries no position.
export function lineAt(node: unknown, lc: LineCounter): number {
  const start = (node as Node | null | undefined)?.range?.[0];
  return start === undefined ? 0 : lc.linePos(start).line;
}

// An alias stands for its anchor; its keys' lines are the anchor's, which is where one would edit.
export function deref(node: unknown, source: Source): unknown {
  return isAlias(node) ? node.resolve(source.doc) : node;
}

// Every key and sequence item under `node`, by path, with the line it starts on, so a finding
// can name the line of `machine.nodeLabels.<key>` whether the patch is inline or in a file.
export function collectKeyLines(
  node: unknown,
  source: Source,
  path: string[] = [],
  into: Record<string, number> = {},
): Record<string, number> {
  const target = deref(node, source);
  if (isMap(target)) {
    // `<<` merges first, so keys written in the map itself win, as in the parsed data.
    const merges = target.items.filter((pair) => isScalar(pair.key) && pair.key.source === '<<');
    for (const merge of merges) {
      const sources = isSeq(merge.value) ? merge.value.items : [merge.value];
      for (const from of sources) collectKeyLines(from, source, path, into);
    }
    for (const pair of target.items.filter((p) => !merges.includes(p))) {
      const keyPath = [...path, isScalar(pair.key) ? String(pair.key.value) : String(pair.key)];
      into[keyPathId(keyPath)] = lineAt(pair.key, source.lc);
      collectKeyLines(pair.value, source, keyPath, into);
    }
  } else if (isSeq(target)) {
    target.items.forEach((item, index) => {
      const itemPath = [...path, String(index)];
      into[keyPathId(itemPath)] = lineAt(deref(item, source), source.lc);
      collectKeyLines(item, source, itemPath, into);
    });
  }
  return into;
}

// A closure over plain data: the model stays serialisable through `keyLines`.
export function lineLookup(keyLines: Record<string, number>) {
  return (pathInPatch: string[]): number | undefined => keyLines[keyPathId(pathInPatch)];
}

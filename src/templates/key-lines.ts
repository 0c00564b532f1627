import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import { keyPathId } from './cluster-template.js';

// Line of a node's first character, 1-based; 0 when the node carries no position.
export function lineAt(
  node: { range?: [number, number, number] | null } | null | undefined,
  lc: LineCounter,
) {
  const start = node?.range?.[0];
  return start === undefined ? 0 : lc.linePos(start).line;
}

// Every key and sequence item under `node`, by path, with the line it starts on, so a finding
// can name the line of `machine.nodeLabels.<key>` whether the patch is inline or in a file.
export function collectKeyLines(
  node: unknown,
  lc: LineCounter,
  path: string[] = [],
  into: Record<string, number> = {},
): Record<string, number> {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyPath = [...path, key];
      into[keyPathId(keyPath)] = lineAt(pair.key as Node, lc);
      collectKeyLines(pair.value, lc, keyPath, into);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const itemPath = [...path, String(index)];
      into[keyPathId(itemPath)] = lineAt(item as Node, lc);
      collectKeyLines(item, lc, itemPath, into);
    });
  }
  return into;
}

// A closure over plain data: the model stays serialisable through `keyLines`.
export function lineLookup(keyLines: Record<string, number>) {
  return (pathInPatch: string[]): number | undefined => keyLines[keyPathId(pathInPatch)];
}

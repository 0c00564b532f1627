import { parseDocument, truncatedError } from './parse-document.js';
import { scanObjects } from './scan-objects.js';

/**
 * Parses `omnictl get -o json` output: concatenated pretty-printed objects, not an array, and
 * nothing at all for an empty list (notes §2.2). Throws a SyntaxError naming the byte offset.
 */
export function parseResourceStream(text: string): unknown[] {
  const documents: unknown[] = [];
  const state = { depth: 0, start: 0 };
  const end = scanObjects(text, 0, state, (start, stop) => {
    documents.push(parseDocument(text, start, stop));
  });
  if (state.depth > 0 || end < text.length) throw truncatedError(text, state.start);
  return documents;
}

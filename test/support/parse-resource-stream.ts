// Test helper: the bot reads streams with createResourceStreamParser; tests parse a whole fixture at once.
import { createResourceStreamParser } from '../../src/omni/create-resource-stream-parser.js';

/**
 * Parses the whole output of `omnictl get -o json` at once: nothing at all for an empty list
 * (notes §2.2). Throws a SyntaxError naming the byte offset.
 */
export function parseResourceStream(text: string): unknown[] {
  const documents: unknown[] = [];
  const parser = createResourceStreamParser((document) => documents.push(document));
  parser.push(text);
  parser.end();
  return documents;
}

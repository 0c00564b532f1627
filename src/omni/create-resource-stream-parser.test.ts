import { describe, expect, it } from 'vitest';
import { createResourceStreamParser } from './create-resource-stream-parser.js';
import { naiveDocuments, readFixture } from './test-fixtures.js';

const watch = readFixture('get-clustermachinestatus.watch.json');

function parseInChunks(chunks: Array<string | Uint8Array>): unknown[] {
  const documents: unknown[] = [];
  const parser = createResourceStreamParser((document) => documents.push(document));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return documents;
}

function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return chunks;
}

describe('createResourceStreamParser', () => {
  it('emits the watch events of get-clustermachinestatus.watch.json in order', () => {
    const documents = parseInChunks([watch]) as Array<{ event: string; metadata: { id: string } }>;

    expect(documents).toEqual(naiveDocuments(watch));
    expect(documents.map((document) => document.event)).toEqual([
      'created',
      'created',
      'created',
      'created',
      'created',
      'created',
      'updated',
      'updated',
    ]);
  });

  it.each([1, 2, 3, 7, 64, 1000])('gives the same documents for %i-byte chunks', (size) => {
    const bytes = new TextEncoder().encode(watch);

    expect(parseInChunks(chunksOf(bytes, size))).toEqual(naiveDocuments(watch));
  });

  it('emits each document as soon as it is complete', () => {
    const documents: unknown[] = [];
    const parser = createResourceStreamParser((document) => documents.push(document));

    parser.push('{"event":"created","a":{"b":1}}\n{"event":"upd');

    expect(documents).toEqual([{ event: 'created', a: { b: 1 } }]);
    parser.push('ated"}\n');
    expect(documents).toHaveLength(2);
  });

  it('keeps a multi-byte character and an escape that are split between chunks', () => {
    const bytes = new TextEncoder().encode('{"s":"日本 \\" }"}');

    expect(parseInChunks(chunksOf(bytes, 1))).toEqual([{ s: '日本 " }' }]);
  });

  it('counts byte offsets across chunks in errors', () => {
    const parser = createResourceStreamParser(() => {});
    parser.push('{"a":1}\n');

    expect(() => parser.push('\n?')).toThrow(/byte 9/);
  });

  it('throws at end() when the output stopped inside an object', () => {
    const parser = createResourceStreamParser(() => {});
    parser.push('{"a":1}\n{"b":"x');

    expect(() => parser.end()).toThrow(/ends inside the JSON object that starts at byte 8/);
  });

  it('refuses input after end()', () => {
    const parser = createResourceStreamParser(() => {});
    parser.end();

    expect(() => parser.push('{}')).toThrow(/after end/);
  });
});

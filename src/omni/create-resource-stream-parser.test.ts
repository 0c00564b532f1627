import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { naiveDocuments, readFixture } from '../../test/support/omni-fixtures.js';
import { createResourceStreamParser } from './create-resource-stream-parser.js';

const watch = readFixture('get-clustermachinestatus.watch.json');

const secret = 'eyJuYW1lIjoiYm90In0=';

function parseInChunks(chunks: Array<string | Uint8Array>, options = {}): unknown[] {
  const documents: unknown[] = [];
  const parser = createResourceStreamParser((document) => documents.push(document), options);
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
  it('copies what it keeps: a caller may refill the same Buffer for every chunk', () => {
    const bytes = Buffer.from(watch);
    const documents: unknown[] = [];
    const parser = createResourceStreamParser((document) => documents.push(document));
    // Buffer#slice is a view, not a copy: a parser keeping one would read the next chunk's bytes.
    const reused = Buffer.alloc(97);
    for (let at = 0; at < bytes.length; at += reused.length) {
      const length = bytes.copy(reused, 0, at, at + reused.length);
      parser.push(reused.subarray(0, length));
    }
    parser.end();

    expect(documents).toEqual(naiveDocuments(watch));
  });

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

  it('gives the documents JSON.parse gives, whatever the layout and chunking', () => {
    const documents = fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 6 });
    // Pretty (the layout omnictl prints), compact, and closing braces pulled to the line start.
    const layout = fc.constantFrom<(document: object) => string>(
      (document) => JSON.stringify(document, null, 4),
      (document) => JSON.stringify(document, null, '\t').replaceAll('\n', '\r\n'),
      (document) => JSON.stringify(document),
      (document) => JSON.stringify(document, null, 2).replace(/^ +\}/gm, '}'),
    );
    const printed = fc.array(fc.tuple(layout, fc.constantFrom('\n', '', ' \r\n', '\n\uFEFF')), {
      minLength: 6,
      maxLength: 6,
    });

    fc.assert(
      fc.property(documents, printed, fc.integer({ min: 1, max: 64 }), (list, layouts, size) => {
        const text = list.map((document, i) => {
          const [print, gap] = layouts[i] ?? [JSON.stringify, '\n'];
          return `${print(document)}${gap}`;
        });
        const bytes = new TextEncoder().encode(text.join(''));

        expect(parseInChunks(chunksOf(bytes, size))).toEqual(list.map((d) => JSON.parse(JSON.stringify(d))));
      }),
      { numRuns: 300 },
    );
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

  it('keeps an object whose chunks are reused by the caller after push', () => {
    const documents: unknown[] = [];
    const parser = createResourceStreamParser((document) => documents.push(document));
    const chunk = new Uint8Array(8);

    for (const piece of ['{"a":"xy', 'z"}\n    ']) {
      chunk.set(new TextEncoder().encode(piece.padEnd(8)));
      parser.push(chunk);
    }
    parser.end();

    expect(documents).toEqual([{ a: 'xyz' }]);
  });

  it.each([1, 2, 5])('tolerates a BOM split into %i-byte chunks', (size) => {
    const bytes = new TextEncoder().encode('\uFEFF{"a":1}\n\uFEFF {"b":2}');

    expect(parseInChunks(chunksOf(bytes, size))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('replaces the secret in a document that contains it', () => {
    const text = `{"note":"key ${secret} and ${secret}"}`;

    expect(parseInChunks(chunksOf(new TextEncoder().encode(text), 3), { secret })).toEqual([
      { note: 'key [REDACTED] and [REDACTED]' },
    ]);
  });

  it.each([
    ['the whole secret', `${secret}\n`],
    ['the part of it received so far', secret.slice(0, 12)],
    ['the few bytes of it received so far', secret.slice(0, 5)],
  ])('does not show %s outside an object in an error', (_case, garbage) => {
    const parser = createResourceStreamParser(() => {}, { secret });
    parser.push('{"a":1}\n');

    expect(() => parser.push(garbage)).toThrow(/^Unexpected text at byte 8 .*: \[REDACTED\]$/);
  });

  it('refuses input after an error', () => {
    const parser = createResourceStreamParser(() => {});

    expect(() => parser.push('x')).toThrow(/byte 0/);

    expect(() => parser.push('{}')).toThrow(/after an error/);
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

import { describe, expect, it } from 'vitest';
import { fixtureNames, naiveDocuments, readFixture } from '../../test/support/omni-fixtures.js';
import { parseResourceStream } from '../../test/support/parse-resource-stream.js';

const jsonFixtures = fixtureNames(/^get-.*\.json$/);

describe('parseResourceStream', () => {
  it('finds JSON fixtures to test', () => {
    expect(jsonFixtures.length).toBeGreaterThanOrEqual(12);
  });

  it.each(jsonFixtures)('parses every object of %s', (name) => {
    const text = readFixture(name);

    const documents = parseResourceStream(text);

    expect(documents).toEqual(naiveDocuments(text));
    expect(documents.length).toBeGreaterThan(0);
  });

  it.each(jsonFixtures)('tolerates CRLF line ends and stray whitespace in %s', (name) => {
    const text = readFixture(name);
    const noisy = `\uFEFF \n\t${text.replaceAll('\n', '\r\n')}\r\n\n  `;

    expect(parseResourceStream(noisy)).toEqual(naiveDocuments(text));
  });

  it.each(['', '\n', '  \r\n\t'])('returns nothing for an empty list (%j)', (text) => {
    expect(parseResourceStream(text)).toEqual([]);
  });

  it('parses objects printed back to back without a newline', () => {
    expect(parseResourceStream('{"a":1}{"b":{"c":[2]}}')).toEqual([{ a: 1 }, { b: { c: [2] } }]);
  });

  it('is not fooled by braces, quotes and backslashes inside strings', () => {
    const tricky = [{ s: '}{' }, { s: 'say \\"}\\" \\\\' }, { s: '\\' }, { s: 'é ü 日本 "{' }];
    const text = tricky.map((object) => JSON.stringify(object, null, 4)).join('\n');

    expect(parseResourceStream(text)).toEqual(tricky);
  });

  it('names the byte offset of garbage between objects', () => {
    const text = '{"s":"é"}\nnot json';

    expect(() => parseResourceStream(text)).toThrow(/byte 11 .*outside any JSON object: "not json"/);
  });

  it('rejects a top-level array, which omnictl never prints', () => {
    expect(() => parseResourceStream('[{"a":1}]')).toThrow(/byte 0/);
  });

  it('rejects a stray closing brace', () => {
    expect(() => parseResourceStream('{"a":1}\n}')).toThrow(/byte 8/);
  });

  it('names the start of an object JSON.parse rejects', () => {
    expect(() => parseResourceStream('{"a":1}\n{"b": nope}')).toThrow(/Invalid JSON object at byte 8/);
  });

  it.each(['{"a":1}\n{"b":', '{"a":"unterminated}'])(
    'reports output that ends inside an object: %j',
    (text) => {
      expect(() => parseResourceStream(text)).toThrow(/ends inside the JSON object that starts at byte/);
    },
  );

  it('parses a 10,000-machine stream (~17 MB)', () => {
    const text = bigStream(10_000);

    const started = performance.now();
    const documents = parseResourceStream(text);
    const elapsedMs = performance.now() - started;

    expect(text.length).toBeGreaterThan(15_000_000);
    expect(documents).toHaveLength(10_000);
    expect(documents[9_999]).toMatchObject({ metadata: { id: 'machine-09999' } });
    // Reported, not asserted: CI machines vary. Target ~150–300 ms.
    console.info(`parseResourceStream: ${(text.length / 1e6).toFixed(1)} MB in ${elapsedMs.toFixed(0)} ms`);
  });
});

function bigStream(count: number): string {
  const [template] = naiveDocuments(readFixture('get-machines.json')) as Array<{ metadata: object }>;
  // Padding brings each machine to the ~1.7 KB of the brief's 17 MB sample.
  const annotations = { 'example.com/note': 'x'.repeat(600) };
  const parts: string[] = [];
  for (let index = 0; index < count; index++) {
    const id = `machine-${String(index).padStart(5, '0')}`;
    const document = { ...template, metadata: { ...template!.metadata, annotations, id } };
    parts.push(`${JSON.stringify(document, null, 4)}\n`);
  }
  return parts.join('');
}

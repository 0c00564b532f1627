import { describe, expect, it } from 'vitest';
import { CUT_MARK, createLineSplitter } from './line-splitter.js';

function split(chunks: (string | Uint8Array)[], maxLineChars?: number) {
  const lines: [string, boolean][] = [];
  const splitter = createLineSplitter((line, cut) => lines.push([line, cut]), { maxLineChars });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

describe('createLineSplitter', () => {
  it('splits across chunks, drops a trailing CR and keeps a last line without newline', () => {
    expect(split(['a\r\nb', 'c\n', '\nd'])).toEqual([
      ['a', false],
      ['bc', false],
      ['', false],
      ['d', false],
    ]);
  });

  it('keeps a character split across chunks', () => {
    const bytes = new TextEncoder().encode('é\n');
    expect(split([bytes.subarray(0, 1), bytes.subarray(1)])).toEqual([['é', false]]);
  });

  it('cuts a line at the limit, marks it, and drops the rest up to the next newline', () => {
    expect(split(['abc', 'defgh', 'ij\nshort\n'], 5)).toEqual([
      [`abcde${CUT_MARK}`, true],
      ['short', false],
    ]);
  });

  it('16 MB without a newline: one cut line, never the whole text', () => {
    const chunk = 'x'.repeat(64 * 1024);
    const lines: string[] = [];
    const splitter = createLineSplitter((line) => lines.push(line));
    for (let i = 0; i < 256; i += 1) splitter.push(chunk);
    splitter.push('\nafter\n');
    splitter.end();

    expect(lines.map((line) => line.length)).toEqual([16_384 + CUT_MARK.length, 5]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Plan } from '../../procedures/shared/plan.js';
import type { Block } from './block-kit.js';
import {
  diffCardBlocks,
  diffSize,
  diffThreadMessages,
  fitsOnCard,
  MAX_DIFF_MESSAGES,
} from './diff-preview.js';

const plan = (preview: string): Plan => ({
  procedure: 'sync-template',
  title: 'Sync',
  cluster: 'talos-prod',
  targets: [],
  steps: [],
  risks: [],
  approvalsNeeded: 1,
  preview,
  fingerprint: 'x',
});
const texts = (blocks: readonly Block[]) => blocks.map((b) => ('text' in b ? (b.text?.text ?? '') : ''));
const lines = (n: number, width = 60) =>
  Array.from({ length: n }, (_, i) => `+ line ${String(i).padStart(5, '0')} <${'x'.repeat(width)}>`).join(
    '\n',
  );

describe('diffSize', () => {
  it.each([
    ['', 0, 0],
    ['a', 1, 1],
    ['a\nb\n', 2, 4],
  ])('%j has %d lines', (text, count, chars) => {
    expect(diffSize(text)).toEqual({ lines: count, chars });
  });
});

describe('diffCardBlocks', () => {
  it('shows a short diff whole, escaped, with its size', () => {
    const [block, ...rest] = texts(diffCardBlocks(plan('+ a: <b> & c')));

    expect(rest).toEqual([]);
    expect(block).toContain('1 line, 12 characters');
    expect(block).toContain('```+ a: &lt;b&gt; &amp; c```');
  });

  it('says how long a long diff is and where it is, and shows its start, within Slack limits', () => {
    const preview = lines(400);

    const [where = '', head = ''] = texts(diffCardBlocks(plan(preview)));

    expect(fitsOnCard(preview)).toBe(false);
    expect(where).toContain(`400 lines, ${preview.length.toLocaleString('en-US')} characters`);
    expect(where).toContain("the whole diff is in this request's thread");
    expect(where).toContain('`talos-prod-template.diff`');
    expect(head).toMatch(/^First \d+ of 400 lines:/);
    expect(head.length).toBeLessThanOrEqual(3000);
    expect(head).not.toContain('truncated');
  });
});

describe('diffThreadMessages', () => {
  it('splits on whole lines, each part within a section, together the whole diff', () => {
    const preview = lines(300);

    const parts = diffThreadMessages(plan(preview), 'r-0123456789ab');

    expect(parts.length).toBeGreaterThan(1);
    const bodies = parts.map((p) => {
      const text = texts(p.blocks)[0] ?? '';
      expect(text.length).toBeLessThanOrEqual(3000);
      return /```([\s\S]*)```/.exec(text)?.[1] ?? '';
    });
    const unescaped = bodies
      .join('\n')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    expect(unescaped).toBe(preview);
    expect(parts[0]?.text).toBe(
      `\`cluster template diff\` for request \`r-0123456789ab\`, part 1 of ${parts.length}`,
    );
  });

  it('cuts a line longer than a message across parts, losing nothing', () => {
    const preview = `+ ${'y'.repeat(7_000)}\n+ end`;

    const parts = diffThreadMessages(plan(preview), 'r-0123456789ab');

    expect(parts.map((p) => /```([\s\S]*)```/.exec(texts(p.blocks)[0] ?? '')?.[1]).join('')).toBe(preview);
  });

  it('gives up on a diff too long for the thread', () => {
    expect(diffThreadMessages(plan(lines(MAX_DIFF_MESSAGES * 60, 100)), 'r-0123456789ab')).toEqual([]);
  });
});

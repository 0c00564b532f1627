import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenDocLinks } from '../support/check-doc-links.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('documentation links', () => {
  it('every relative link in the repository’s Markdown resolves', () => {
    expect(brokenDocLinks(root)).toEqual([]);
  });

  it('names a broken link with its file and line, and ignores code and external links', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'doc-links-'));
    mkdirSync(path.join(dir, 'docs'));
    writeFileSync(path.join(dir, 'docs', 'here.md'), '# here\n');
    writeFileSync(
      path.join(dir, 'README.md'),
      [
        '# Title',
        'See [the guide](docs/here.md#setup) and [Slack](https://api.slack.com).',
        '`[not a link](nowhere.md)`',
        '```',
        '[also not](gone.md)',
        '```',
        'But [this one](docs/missing.md) is broken.',
        'So is the file cited as `docs/DESIGN.md`; `docs/here.md` is fine.',
      ].join('\n'),
    );

    expect(brokenDocLinks(dir)).toEqual([
      { file: 'README.md', line: 8, target: 'docs/DESIGN.md' },
      { file: 'README.md', line: 7, target: 'docs/missing.md' },
    ]);
  });
});

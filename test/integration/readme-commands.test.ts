import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/slack/command-catalogue.js';

const root = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const scripts = Object.keys(
  (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
);
const NPM_BUILTINS = ['ci', 'install', 'test', 'start', 'run'];

// Commands an operator would copy: inline code and lines of fenced shell blocks.
function commandsIn(text: string): string[] {
  const inline = [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? '');
  const fenced = [...text.matchAll(/```(?:sh|bash)?\n([\s\S]*?)```/g)].flatMap((m) =>
    (m[1] ?? '').split('\n'),
  );
  return [...inline, ...fenced].map((c) => c.replace(/#.*$/, '').trim()).filter(Boolean);
}

describe('README commands', () => {
  const commands = commandsIn(readme);

  it('names only /omni subcommands the bot knows', () => {
    const used = commands.flatMap((c) => [...c.matchAll(/\/omni ([a-z-]+)/g)].map((m) => m[1]));
    const known = new Set(COMMANDS.map((c) => c.name));

    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !known.has(name as never))).toEqual([]);
  });

  it('names only npm scripts that exist', () => {
    const used = commands.flatMap((c) =>
      [...c.matchAll(/\bnpm (run )?([a-z:-]+)/g)].map((m) => (m[1] ? m[2] : m[2])),
    );
    const missing = used.filter((name) => name && !scripts.includes(name) && !NPM_BUILTINS.includes(name));

    expect(missing).toEqual([]);
  });

  it('names only files that exist (or that the build produces)', () => {
    const files = commands.flatMap((c) =>
      [
        ...c.matchAll(
          /(?:^|\s)((?:dist\/)?(?:src|deploy|docs|bench|demo)\/[\w/-]+(?:\.[\w.-]+)+|\.env\.example|manifest\.yml|Dockerfile)(?=[\s`'"]|$)/g,
        ),
      ].map((m) => m[1] ?? ''),
    );
    // What the build writes is named in its script; the tree may not have been built yet.
    const build = readFileSync(path.join(root, 'scripts/build.mjs'), 'utf8');
    const missing = files.filter((file) =>
      file.startsWith('dist/') ? !build.includes(path.basename(file)) : !existsSync(path.join(root, file)),
    );

    expect(files.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('keeps the two-command quick start: one runs the bot, one runs the tests', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## What it does'));

    expect(quickStart).toContain('npm ci && npm run check');
    expect(quickStart).toMatch(/node --env-file=\.env dist\/src\/main\.js/);
    expect(readFileSync(path.join(root, '.ci/run'), 'utf8')).toContain('npm run check');
  });

  it('npm start and npm run dev read .env when it exists, as the README says', () => {
    const { scripts: all } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };

    expect(all.start).toContain('--env-file-if-exists=.env');
    expect(all.dev).toContain('--env-file-if-exists=.env');
    expect(readme).toContain('`npm start` (and `npm run dev`) read `.env` when it exists');
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return (name.endsWith('.ts') && !name.endsWith('.test.ts')) || name.endsWith('.mjs') ? [file] : [];
  });
}

// Runtime imports only: `import type` carries no behaviour across a boundary. Dynamic `import()`
// and `require()` count too (node-ssh is loaded on first use).
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...[...text.matchAll(/^import (?!type )[^;]*?from '([^']+)';/gms)].map((m) => m[1] ?? ''),
    ...[...text.matchAll(/\b(?:import|require)\('([^']+)'\)/g)].map((m) => m[1] ?? ''),
  ];
}

const files = sources(src).map((file) => ({
  rel: path.relative(src, file),
  imports: runtimeImports(file),
  text: readFileSync(file, 'utf8'),
}));
const inside = (prefix: string) => files.filter((f) => f.rel.startsWith(prefix));

describe('dependency directions (DESIGN §5)', () => {
  it.each(['procedures/', 'approvals/'])('%s is pure: no IO, no clock', (dir) => {
    const offenders = inside(dir).flatMap((f) => [
      ...f.imports
        .filter(
          (i) =>
            i.startsWith('node:') ||
            /execa|node-ssh|better-sqlite3|@slack|pino/.test(i) ||
            /\.\.\/(omni|runner|store|slack|recovery)\//.test(i),
        )
        .map((i) => `${f.rel} imports ${i}`),
      ...(/Date\.now\(\)|new Date\(\)/.test(f.text) ? [`${f.rel} reads the clock`] : []),
    ]);

    expect(offenders).toEqual([]);
  });

  it('slack/ knows nothing of omnictl, SSH or SQL', () => {
    const offenders = inside('slack/').flatMap((f) =>
      f.imports
        .filter((i) => /\.\.\/(omni|runner|store)\/|execa|node-ssh|better-sqlite3/.test(i))
        .map((i) => `${f.rel} imports ${i}`),
    );

    expect(offenders).toEqual([]);
  });

  it.each([
    ['better-sqlite3', 'store/'],
    ['execa', 'omni/'],
    ['node-ssh', 'runner/ssh/'],
  ])('only the adapter imports %s', (library, home) => {
    const users = files.filter((f) => f.imports.some((i) => i === library)).map((f) => f.rel);

    expect(users.length).toBeGreaterThan(0);
    expect(users.every((rel) => rel.startsWith(home))).toBe(true);
  });

  it('starts processes only from the launcher thread, never on the main thread', () => {
    const spawners = files
      .filter((f) => f.imports.some((i) => i === 'execa' || i === 'node:child_process'))
      .map((f) => f.rel);

    // Starting a process blocks the calling thread (docs/decisions/0005-omnictl-launcher-thread.md).
    expect(spawners).toEqual(['omni/omnictl-thread.mjs']);
  });

  it("loads Bolt's own modules, never its index, at run time", () => {
    const users = files.filter((f) => f.imports.includes('@slack/bolt')).map((f) => f.rel);
    const deep = files
      .filter((f) => f.imports.some((i) => i.startsWith('@slack/bolt/dist/')))
      .map((f) => f.rel);

    // The index also loads Express, AWS Lambda and OAuth-install code (~5 MB, ~100 ms to load).
    expect(users).toEqual([]);
    expect(deep).toEqual(['slack/create-slack-app.ts']);
  });

  it('holds no test helpers: only *.test.ts files in src/ reach vitest or test/', () => {
    const helpers = files
      .filter((f) => /from 'vitest'|test\/(fixtures|support|fakes)\//.test(f.text))
      .map((f) => f.rel);

    // Stand-ins, fixtures and harnesses live in test/support and test/fixtures, beside the tests that use them.
    expect(helpers).toEqual([]);
  });

  it('reads the environment only at the edge', () => {
    const readers = files
      .filter((f) => /process\.env/.test(f.text))
      .map((f) => f.rel)
      .sort();

    // config parses it; main hands it to config; the omnictl adapter passes PATH/HOME/LANG on to the child.
    expect(readers).toEqual(['main.ts', 'omni/run-omnictl.ts']);
  });
});

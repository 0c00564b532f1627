import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OmniLabel } from '../src/omni-model/labels.js';

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

  it("omni-model/ is Omni's vocabulary only: pure, and it imports nothing outside itself", () => {
    const model = inside('omni-model/');
    const offenders = model.flatMap((f) => [
      ...f.imports.filter((i) => !i.startsWith('./')).map((i) => `${f.rel} imports ${i}`),
      ...(/Date\.now\(\)|new Date\(|process\./.test(f.text)
        ? [`${f.rel} reads the clock or the process`]
        : []),
    ]);

    expect(model.length).toBeGreaterThan(0);
    expect(offenders).toEqual([]);
  });

  // Each label key the bot reads is spelled once, in omni-model/labels.ts.
  it('spells no label key of OmniLabel outside omni-model/', () => {
    const offenders = files
      .filter((f) => !f.rel.startsWith('omni-model/'))
      .flatMap((f) =>
        Object.values(OmniLabel)
          .filter((key) => new RegExp(`['\`]${key.replaceAll('.', '\\.')}[=']`).test(f.text))
          .map((key) => `${f.rel} spells ${key}`),
      );

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

  it('starts processes in one place', () => {
    const spawners = files
      .filter((f) => f.imports.some((i) => i === 'execa' || i === 'node:child_process'))
      .map((f) => f.rel);

    // Arguments as an array, no shell, timeout and kill escalation, once (spawn-process.ts).
    expect(spawners).toEqual(['omni/spawn-process.ts']);
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

describe('procedures/ reads as the runbook (#19)', () => {
  const home = path.join(src, 'procedures');
  const folders = readdirSync(home).filter((name) => statSync(path.join(home, name)).isDirectory());

  it('has one folder per procedure of the registry, besides shared/ and diagnostics/', async () => {
    const { PROCEDURES } = await import('../src/procedures/registry.js');
    const procedures = folders.filter((name) => name !== 'shared' && name !== 'diagnostics').sort();

    expect(procedures).toEqual(PROCEDURES.map((p) => p.name).sort());
    // Each folder's definition is the file named after it.
    for (const name of procedures) expect(statSync(path.join(home, name, `${name}.ts`)).isFile()).toBe(true);
  });

  it("a procedure's planner writes plans under the procedure's own name", () => {
    const written = inside('procedures/')
      .filter((f) => !/^procedures\/(shared|diagnostics)\//.test(f.rel))
      .flatMap((f) => [...f.text.matchAll(/\bprocedure: '([^']+)'/g)].map((m) => [f.rel, m[1]]));

    expect(written.length).toBeGreaterThan(0);
    expect(written.filter(([rel, name]) => !rel?.startsWith(`procedures/${name}/`))).toEqual([]);
  });

  it('a procedure folder stands alone: it imports no other procedure, only shared/ and diagnostics/', () => {
    const offenders = inside('procedures/')
      .filter((f) => /^procedures\/[^/]+\//.test(f.rel) && !/^procedures\/(shared|diagnostics)\//.test(f.rel))
      .flatMap((f) =>
        f.imports
          .filter((i) => /^\.\.\/(?!\.\.\/|shared\/|diagnostics\/)/.test(i))
          .map((i) => `${f.rel} imports ${i}`),
      );

    expect(offenders).toEqual([]);
  });

  it('diagnostics/ only read: they import no procedure and not the registry', () => {
    const offenders = inside('procedures/diagnostics/').flatMap((f) =>
      f.imports
        .filter((i) => /^\.\.\/(?!\.\.\/|shared\/|cluster-machine-stage)/.test(i))
        .map((i) => `${f.rel} imports ${i}`),
    );

    expect(offenders).toEqual([]);
  });
});

// What a file imports from other files of src/, as paths relative to src/ without extension:
// static imports and `export … from`, and with `types` also `import type` / `export type`.
function localImports(file: { rel: string; text: string }, types: boolean): string[] {
  const statics = types
    ? /^(?:import|export)\b[^;]*?from '([^']+)';/gms
    : /^(?:import|export) (?!type )[^;]*?from '([^']+)';/gms;
  const found = [
    ...[...file.text.matchAll(statics)].map((m) => m[1] ?? ''),
    ...[...file.text.matchAll(/\b(?:import|require)\('([^']+)'\)/g)].map((m) => m[1] ?? ''),
  ];
  return found
    .filter((i) => i.startsWith('.'))
    .map((i) => path.join(path.dirname(file.rel), i).replace(/\.(js|ts|mjs)$/, ''));
}

// The groups of nodes that import each other, directly or not (Tarjan's strongly connected
// components of more than one node), each sorted, with the imports between its members.
function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop()!;
      group.push(member);
    } while (member !== node);
    if (group.length > 1) {
      const members = new Set(group);
      found.push(
        group
          .sort()
          .flatMap((from) =>
            [...(edges.get(from) ?? [])].filter((to) => members.has(to)).map((to) => `${from} → ${to}`),
          ),
      );
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

function graph(nodeOf: (rel: string) => string, types: boolean): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    const from = nodeOf(file.rel);
    for (const target of localImports(file, types)) {
      const to = nodeOf(target);
      if (to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
    }
  }
  return edges;
}

describe('no import cycle in src/', () => {
  // Between files, runtime imports: with a cycle the order in which modules load decides whether a
  // value is there yet (a class read by `instanceof` while its module still loads is undefined).
  // A type-only cycle is erased by the compiler; the ones left are a module declaring the shape its
  // callees receive (run-plan's StepContext, create-slack-app's options, run-omnictl's options).
  it('between files, at run time', () => {
    expect(cycles(graph((rel) => rel.replace(/\.(js|ts|mjs)$/, ''), false))).toEqual([]);
  });

  // Between folders (layers), type imports count too: a layer that names another's types depends
  // on it as much as one that calls it. A file directly under src/ is a node of its own (the
  // composition root, config, logger). This is what keeps the watcher and the use cases below
  // slack/: they tell a notifier (notify/, watch/alert-notice.ts), slack/ renders.
  it('between the folders of src/, type imports included', () => {
    const folderOf = (rel: string) => (rel.includes('/') ? `${rel.split('/')[0]}/` : rel);

    expect(cycles(graph(folderOf, true))).toEqual([]);
  });
});

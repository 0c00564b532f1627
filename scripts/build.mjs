// @ts-check
// `npm run build`: bundles the bot into one file, dist/src/main.js, instead of several hundred
// modules: Node 20's module loader spent about half of start-up on resolving and linking them
// (docs/decisions/0007-bundled-build.md). Types are checked by `npm run typecheck`, not here.
// Usage: node scripts/build.mjs [outdir]   (default: dist)
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

/**
 * Writes <outRoot>/src/main.js (and its source map); the benchmarks build into their own directory.
 * @param {string} outRoot
 */
export async function buildBundles(outRoot) {
  const outdir = path.resolve(root, outRoot, 'src');
  rmSync(path.dirname(outdir), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    // The CommonJS dependencies bundled here (Bolt, pino, prom-client) call `require` for Node's own
    // modules, which an ES module does not have.
    banner: {
      js: "import { createRequire as __omniCreateRequire } from 'node:module';\nconst require = __omniCreateRequire(import.meta.url);",
    },
    entryPoints: ['src/main.ts'],
    // better-sqlite3 loads a native addon by path; node-ssh (ssh2) has optional native parts and is
    // loaded only on the first provider connection. Both stay in node_modules.
    external: ['better-sqlite3', 'node-ssh'],
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  await buildBundles(process.argv[2] ?? 'dist');

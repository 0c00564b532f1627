import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { buildBundles } from '../scripts/build.mjs';
import { ROOT } from './bot-env.js';

export const BUILD_DIR = path.join(ROOT, 'bench', '.build');
export const BUILT_MAIN = path.join(BUILD_DIR, 'src', 'main.js');

// The production build, or one with a mechanism taken out, to measure what it earns (issue #17):
// - `no-quiet-wait`: omnictl starts at once instead of waiting for a quiet moment on Slack (0008);
// - `spawn-on-main-thread`: omnictl is started on the bot's main thread, not the launcher thread (0005).
export type Variant = 'production' | 'no-quiet-wait' | 'spawn-on-main-thread' | 'neither';
export const VARIANTS: readonly Variant[] = [
  'production',
  'no-quiet-wait',
  'spawn-on-main-thread',
  'neither',
];

const QUIET_WAIT = 'createBusySignal({ quietMs: 100, maxWaitMs: 2_000 })';

const noQuietWait: Plugin = {
  name: 'no-quiet-wait',
  setup(build) {
    build.onLoad({ filter: /src\/omni\/create-bot-omnictl\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      // A variant that silently measured the production build would be worse than none.
      if (!text.includes(QUIET_WAIT)) throw new Error(`${args.path} no longer holds ${QUIET_WAIT}`);
      return {
        contents: text.replace(QUIET_WAIT, 'createBusySignal({ quietMs: 0, maxWaitMs: 0 })'),
        loader: 'ts',
      };
    });
  },
};

const spawnOnMainThread: Plugin = {
  name: 'spawn-on-main-thread',
  setup(build) {
    build.onResolve({ filter: /^node:worker_threads$/ }, (args) =>
      /src\/omni\/(spawn-off-main-thread\.ts|omnictl-thread\.mjs)$/.test(args.importer)
        ? { path: path.join(ROOT, 'bench', 'main-thread-worker.ts') }
        : undefined,
    );
  },
};

function pluginsOf(variant: Variant): Plugin[] {
  if (variant === 'no-quiet-wait') return [noQuietWait];
  if (variant === 'spawn-on-main-thread') return [spawnOnMainThread];
  if (variant === 'neither') return [noQuietWait, spawnOnMainThread];
  return [];
}

// Builds the bot as `npm run build` does, into bench/.build (node_modules resolve from the repo root);
// a variant into bench/.build-<variant>.
export async function buildBot(
  variant: Variant = 'production',
): Promise<{ ok: boolean; note: string; main: string }> {
  const dir = variant === 'production' ? BUILD_DIR : `${BUILD_DIR}-${variant}`;
  const main = path.join(dir, 'src', 'main.js');
  try {
    await buildBundles(dir, pluginsOf(variant));
  } catch (error) {
    return { ok: false, note: `build failed: ${String(error).slice(0, 300)}`, main };
  }
  if (!existsSync(main)) return { ok: false, note: 'build wrote no main.js', main };
  const note =
    variant === 'production'
      ? 'bundled as npm run build does'
      : `bundled without ${variant === 'neither' ? 'the quiet-moment wait and the launcher thread' : variant === 'no-quiet-wait' ? 'the quiet-moment wait' : 'the launcher thread'}`;
  return { ok: true, note, main };
}

// BENCH_VARIANTS=all (or a comma-separated list) runs a benchmark once per variant of the build.
export function chosenVariants(): Variant[] {
  const asked = process.env.BENCH_VARIANTS ?? 'production';
  if (asked === 'all') return [...VARIANTS];
  const names = asked.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !VARIANTS.includes(name as Variant));
  if (unknown.length > 0)
    throw new Error(`BENCH_VARIANTS: unknown ${unknown.join(', ')} (use ${VARIANTS.join(', ')} or all)`);
  return names as Variant[];
}

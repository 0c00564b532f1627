import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { buildBundles } from '../scripts/build.mjs';
import { ROOT } from './bot-env.js';

export const BUILD_DIR = path.join(ROOT, 'bench', '.build');
export const BUILT_MAIN = path.join(BUILD_DIR, 'src', 'main.js');

// The production build, or one with a mechanism taken out, to measure what it earns (issue #17):
// `spawn-on-main-thread` starts omnictl on the bot's main thread, not the launcher thread (0005).
// (The quiet-moment wait of 0008 was measured the same way and removed: decision 0010.)
export type Variant = 'production' | 'spawn-on-main-thread';
export const VARIANTS: readonly Variant[] = ['production', 'spawn-on-main-thread'];

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

// Builds the bot as `npm run build` does, into bench/.build (node_modules resolve from the repo root);
// a variant into bench/.build-<variant>.
export async function buildBot(
  variant: Variant = 'production',
): Promise<{ ok: boolean; note: string; main: string }> {
  const dir = variant === 'production' ? BUILD_DIR : `${BUILD_DIR}-${variant}`;
  const main = path.join(dir, 'src', 'main.js');
  try {
    await buildBundles(dir, variant === 'spawn-on-main-thread' ? [spawnOnMainThread] : []);
  } catch (error) {
    return { ok: false, note: `build failed: ${String(error).slice(0, 300)}`, main };
  }
  if (!existsSync(main)) return { ok: false, note: 'build wrote no main.js', main };
  const note =
    variant === 'production'
      ? 'bundled as npm run build does'
      : 'bundled without the launcher thread (omnictl started on the main thread)';
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

import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildBundles } from '../scripts/build.mjs';
import { ROOT } from './bot-env.js';

export const BUILD_DIR = path.join(ROOT, 'bench', '.build');
export const BUILT_MAIN = path.join(BUILD_DIR, 'src', 'main.js');

// Builds the bot as `npm run build` does, into bench/.build (node_modules resolve from the repo root).
// (Issue #17 measured builds without the quiet-moment wait and without the launcher thread through
// esbuild plugins here; both mechanisms were removed: docs/decisions/0010-what-people-feel.md.)
export async function buildBot(): Promise<{ ok: boolean; note: string; main: string }> {
  try {
    await buildBundles(BUILD_DIR);
  } catch (error) {
    return { ok: false, note: `build failed: ${String(error).slice(0, 300)}`, main: BUILT_MAIN };
  }
  if (!existsSync(BUILT_MAIN)) return { ok: false, note: 'build wrote no main.js', main: BUILT_MAIN };
  return { ok: true, note: 'bundled as npm run build does', main: BUILT_MAIN };
}

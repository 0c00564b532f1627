import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ROOT } from './bot-env.js';

export const BUILD_DIR = path.join(ROOT, 'bench', '.build');
export const BUILT_MAIN = path.join(BUILD_DIR, 'src', 'main.js');

// Builds the bot as `npm run build` does, into bench/.build (node_modules resolve from the repo root).
export async function buildBot(): Promise<{ ok: boolean; note: string }> {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  const result = await execa(process.execPath, ['scripts/build.mjs', BUILD_DIR], {
    cwd: ROOT,
    reject: false,
  });
  if (result.exitCode !== 0 || !existsSync(BUILT_MAIN))
    return { ok: false, note: `build failed: ${result.stderr.slice(0, 300)}` };
  return { ok: true, note: 'bundled as npm run build does' };
}

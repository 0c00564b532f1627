import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const HASH = /^[0-9a-f]{64}$/;

/**
 * Removes template snapshots that no open request needs and that were last used more than
 * `keepMs` ago (kept that long after their run so an operator can still read what ran), and the
 * leftovers of interrupted copies. Returns the names removed.
 */
export async function sweepTemplateSnapshots(input: {
  snapshotsDir: string;
  // Snapshot hashes of pending, approved and running requests: never removed.
  inUse: ReadonlySet<string>;
  now: Date;
  keepMs: number;
}): Promise<string[]> {
  const root = resolve(input.snapshotsDir);
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names.sort()) {
    const isSnapshot = HASH.test(name);
    if ((!isSnapshot && !name.startsWith('.tmp-')) || input.inUse.has(name)) continue;
    const path = join(root, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory() || input.now.getTime() - info.mtimeMs <= input.keepMs) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

// What was approved is what runs: every step of a template procedure passes `-f` to omnictl, which
// re-reads the template and its `file:` patches each time. So at request time the bot copies exactly
// the text it read and checked into a private, read-only directory named after the files' hash, and
// every step reads that copy. A `git pull` in the template repository then changes nothing already
// requested; the re-plan at approval copies the files again and, when they changed, gets another hash.

import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { ClusterTemplate } from './cluster-template.js';

type SnapshotFile = { path: string; sha256: string };

type TemplateSnapshot = {
  // sha256 over every file's shown path and content: the snapshot's name and the plan's basis.
  hash: string;
  dir: string;
  // Absolute path of the template inside the snapshot: what every step's `-f` gets.
  templatePath: string;
  // The template and its patch files by shown path (`clusters/talos-prod.yaml`), sorted.
  files: SnapshotFile[];
};

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash of a set of files: paths matter (omnictl resolves `file:` patches by them), order does not. */
export function hashTemplateFiles(files: Record<string, string>): { hash: string; files: SnapshotFile[] } {
  const list = Object.entries(files)
    .map(([path, text]) => ({ path, sha256: sha256(text) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { hash: sha256(JSON.stringify(list.map((f) => [f.path, f.sha256]))), files: list };
}

// Shown paths come from the reader (relative to the templates directory's parent, never `..`);
// checked again because they decide where the bot writes.
function safeRelative(path: string): string {
  const parts = path.split('/');
  if (isAbsolute(path) || parts.some((p) => p === '' || p === '.' || p === '..') || path.includes('\0')) {
    throw new Error(`refusing to snapshot a file outside the template directory: ${JSON.stringify(path)}`);
  }
  return parts.join(sep);
}

// Whether `dir` already holds exactly these files: absent, the same, or something else.
async function compareSnapshot(
  dir: string,
  files: Record<string, string>,
): Promise<'absent' | 'same' | 'differs'> {
  try {
    for (const [path, text] of Object.entries(files)) {
      if ((await readFile(join(dir, safeRelative(path)), 'utf8')) !== text) return 'differs';
    }
    return 'same';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    return (await stat(dir).catch(() => undefined)) ? 'differs' : 'absent';
  }
}

async function writeSnapshot(tmp: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const target = join(tmp, safeRelative(path));
    // Each directory between the snapshot root and the file: private to the bot.
    for (let dir = dirname(target); dir.startsWith(tmp) && dir !== tmp; dir = dirname(dir)) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
    }
    await writeFile(target, text, { flag: 'wx', mode: 0o400 });
    await chmod(target, 0o400);
  }
}

/**
 * Copies the template and its patch files, exactly as read, into `<snapshotsDir>/<hash>/` with the
 * same relative layout (patch paths resolve as from the original directory); directories 0700, files
 * 0400. An existing snapshot with the same hash is reused after checking its content. `now` marks the
 * snapshot as used, for the sweep.
 */
export async function snapshotTemplate(
  template: ClusterTemplate,
  snapshotsDir: string,
  now: Date,
): Promise<TemplateSnapshot> {
  const root = resolve(snapshotsDir);
  const { hash, files } = hashTemplateFiles(template.files);
  const dir = join(root, hash);
  const result = { hash, dir, templatePath: join(dir, safeRelative(template.path)), files };
  await mkdir(root, { recursive: true, mode: 0o700 });
  await chmod(root, 0o700);
  const found = await compareSnapshot(dir, template.files);
  if (found !== 'same') {
    // A snapshot that does not hold what its name says (a hand edit) is replaced.
    if (found === 'differs') await rm(dir, { recursive: true, force: true });
    const tmp = await mkdtemp(join(root, '.tmp-'));
    try {
      await writeSnapshot(tmp, template.files);
      await chmod(tmp, 0o700);
      await rename(tmp, dir);
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      const code = (error as NodeJS.ErrnoException).code;
      // Another request wrote the same snapshot first: use it if it holds the same files.
      const raced = code === 'ENOTEMPTY' || code === 'EEXIST';
      if (!raced || (await compareSnapshot(dir, template.files)) !== 'same') throw error;
    }
  }
  await utimes(dir, now, now);
  return result;
}

import { readdir, readFile } from 'node:fs/promises';

// Reads /proc directly (like `pgrep -f`), so the check does not depend on procps being installed.
export async function countProcessesMatching(marker: string): Promise<number> {
  const entries = await readdir('/proc');
  let count = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.replaceAll('\0', ' ').includes(marker)) count += 1;
  }
  return count;
}

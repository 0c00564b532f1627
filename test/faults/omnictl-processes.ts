import { readdirSync, readFileSync } from 'node:fs';

// Whether a fake omnictl process with these arguments (in this order) runs now, read from /proc.
export function isOmnictlRunning(args: readonly string[]): boolean {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = argv.findIndex((arg) => arg.endsWith('omnictl.mjs'));
    if (at >= 0 && argv.slice(at + 1, at + 1 + args.length).join(' ') === args.join(' ')) return true;
  }
  return false;
}

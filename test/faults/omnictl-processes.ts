import { readdirSync, readFileSync } from 'node:fs';

/**
 * Whether a fake omnictl process with these arguments (in this order) runs now, read from /proc;
 * with `statePath`, only the processes of that fake (tests in other workers run fakes of their own).
 */
export function isOmnictlRunning(args: readonly string[], statePath?: string): boolean {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let argv: string[];
    let environ: string[] = [];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (statePath !== undefined) environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (statePath !== undefined && !environ.includes(`FAKE_OMNI_STATE=${statePath}`)) continue;
    const at = argv.findIndex((arg) => arg.endsWith('omnictl.mjs'));
    if (at >= 0 && argv.slice(at + 1, at + 1 + args.length).join(' ') === args.join(' ')) return true;
  }
  return false;
}

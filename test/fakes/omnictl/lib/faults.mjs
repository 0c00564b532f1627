// Fault injection from the state: `faults: [{match, exitCode?, stderr?, stdout?, delayMs?, hang?, flood?, times?}]`.
// A fault applies when its `match` strings appear in argv in that order; `times` counts down.

import { mutateState } from './state-store.mjs';

/** @param {string[]} match @param {string[]} argv */
function matchesInOrder(match, argv) {
  let k = 0;
  for (const arg of argv) if (k < match.length && arg === match[k]) k++;
  return k === match.length;
}

/** Finds (and uses up one `times` of) the first matching fault. */
export function takeFault(statePath, state, argv) {
  const index = (state.faults ?? []).findIndex(
    (f) => matchesInOrder(f.match ?? [], argv) && (f.times ?? 1) > 0,
  );
  if (index < 0) return null;
  const fault = state.faults[index];
  if (fault.times !== undefined) {
    mutateState(statePath, (s) => {
      const f = s.faults.find((x) => JSON.stringify(x) === JSON.stringify(fault));
      if (!f) return false;
      f.times -= 1;
      if (f.times <= 0) s.faults = s.faults.filter((x) => x !== f);
      return true;
    });
  }
  return fault;
}

/**
 * Plays a fault. Resolves to an exit code when the fault answers instead of omnictl, or null to
 * carry on normally (a pure delay). A hang never resolves: the caller's timeout must kill it.
 */
export async function playFault(fault) {
  if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault.hang) {
    setInterval(() => {}, 1 << 30);
    await new Promise(() => {});
  }
  // A flood comes before the answer, or before omnictl's own (the command still takes effect).
  if (fault.flood) await flood(fault.flood);
  const answers = fault.exitCode !== undefined || fault.stdout !== undefined || fault.stderr !== undefined;
  if (!answers) return null;
  if (fault.stdout) process.stdout.write(fault.stdout);
  if (fault.stderr) process.stderr.write(fault.stderr);
  return fault.exitCode ?? (fault.stderr ? 1 : 0);
}

/**
 * Prints `bytes` bytes of `x` to stdout, a newline after every `lineBytes` (none without it), as a
 * stream that waits for the pipe: a step's output of any size, never held in memory.
 * @param {{ bytes: number, lineBytes?: number }} options
 */
async function flood({ bytes, lineBytes }) {
  const size = 64 * 1024;
  const block = Buffer.alloc(size, 'x');
  if (lineBytes) for (let i = lineBytes; i < size; i += lineBytes + 1) block[i] = 0x0a;
  for (let left = bytes; left > 0; left -= size) {
    const piece = left >= size ? block : block.subarray(0, left);
    if (!process.stdout.write(piece)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

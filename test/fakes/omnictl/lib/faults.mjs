// Fault injection from the state: `faults: [{match, exitCode?, stderr?, stdout?, delayMs?, hang?, times?}]`.
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
  const answers = fault.exitCode !== undefined || fault.stdout !== undefined || fault.stderr !== undefined;
  if (!answers) return null;
  if (fault.stdout) process.stdout.write(fault.stdout);
  if (fault.stderr) process.stderr.write(fault.stderr);
  return fault.exitCode ?? (fault.stderr ? 1 : 0);
}

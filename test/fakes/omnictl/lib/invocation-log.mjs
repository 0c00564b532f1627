// One JSON line per invocation in $FAKE_OMNI_LOG: {argv, at, exitCode[, signal]}.

import { appendFileSync } from 'node:fs';

let logged = false;

/**
 * @param {string[]} argv
 * @param {number} exitCode
 * @param {string} [signal] when the process is being killed
 */
export function logInvocation(argv, exitCode, signal) {
  const path = process.env.FAKE_OMNI_LOG;
  if (!path || logged) return;
  logged = true;
  const entry = { argv, at: new Date().toISOString(), exitCode, ...(signal ? { signal } : {}) };
  appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

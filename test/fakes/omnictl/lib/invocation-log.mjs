// One JSON line per invocation in $FAKE_OMNI_LOG: {argv, startedAt, at, exitCode[, signal][, files]}
// (`startedAt`: when the process started; `at`: when it answered).

import { appendFileSync } from 'node:fs';
import { filesRead } from './files-read.mjs';

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
  const files = filesRead();
  const entry = {
    argv,
    startedAt: new Date(performance.timeOrigin).toISOString(),
    at: new Date().toISOString(),
    exitCode,
    ...(signal ? { signal } : {}),
    ...(files.length > 0 ? { files } : {}),
  };
  appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

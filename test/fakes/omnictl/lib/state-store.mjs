// The scenario state file: read without a lock (writers replace it atomically by rename), and
// changed under a lock file so concurrent invocations never lose each other's updates.

import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';

const STALE_LOCK_MS = 10_000;
const LOCK_TIMEOUT_MS = 30_000;
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** @param {number} ms */
export function sleepSync(ms) {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/** @param {string} path */
export function readState(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Write to a temp file and rename, so readers see the old or the new file, never half of one. */
export function writeState(path, state) {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}

function acquireLock(lockPath) {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      return;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    }
    // A holder killed mid-update leaves its lock behind; updates take milliseconds, so an old lock is dead.
    try {
      if (Date.now() - statSync(lockPath).mtimeMs > STALE_LOCK_MS) unlinkSync(lockPath);
    } catch {
      // gone already: retry at once
    }
    if (Date.now() > deadline) throw new Error(`fake omnictl: timed out waiting for ${lockPath}`);
    sleepSync(3);
  }
}

/**
 * Runs `fn` on a fresh copy of the state under the lock and writes the result back, unless
 * `fn` returns false (nothing changed).
 * @template T
 * @param {string} path
 * @param {(state: any) => T} fn
 * @returns {{state: any, result: T}}
 */
export function mutateState(path, fn) {
  const lockPath = `${path}.lock`;
  acquireLock(lockPath);
  try {
    const state = readState(path);
    const result = fn(state);
    if (result !== false) writeState(path, state);
    return { state, result };
  } finally {
    try {
      unlinkSync(lockPath);
    } catch {
      // removed as stale by someone else: nothing to do
    }
  }
}

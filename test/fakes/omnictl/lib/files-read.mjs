// The files this invocation read for `-f` (the template and its `file:` patches), with a hash of
// what it got, so a test can tell which copy of a template omnictl saw.

import { createHash } from 'node:crypto';

/** @type {{path: string, sha256: string}[]} */
const read = [];

/** @param {string} path @param {string} text */
export function recordFileRead(path, text) {
  read.push({ path, sha256: createHash('sha256').update(text, 'utf8').digest('hex') });
}

export function filesRead() {
  return [...read];
}

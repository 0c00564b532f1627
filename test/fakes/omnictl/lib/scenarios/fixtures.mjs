// Reads the shared omnictl fixtures the scenarios are seeded from (test/fixtures/omni).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = fileURLToPath(new URL('../../../../fixtures/omni/', import.meta.url));

/** @param {string} name */
export function readFixture(name) {
  return readFileSync(`${FIXTURE_DIR}${name}`, 'utf8');
}

/** A `get -o json` stream: pretty objects, each starting with a `{` line. */
export function readJsonStream(name) {
  const text = readFixture(name).trim();
  if (text === '') return [];
  return text.split(/\n(?=\{$)/m).map((chunk) => JSON.parse(chunk));
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shared omnictl fixtures (copied from /work/shared/omni-fixtures). */
export const fixtureDir = join(import.meta.dirname, '../fixtures/omni');

export function fixtureNames(pattern: RegExp): string[] {
  return readdirSync(fixtureDir)
    .filter((name) => pattern.test(name))
    .sort();
}

export function readFixture(name: string): string {
  return readFileSync(join(fixtureDir, name), 'utf8');
}

/** The objects of a fixture split the naive way (each starts with `{` on its own line), as a reference. */
export function naiveDocuments(text: string): unknown[] {
  return text
    .split(/^(?=\{$)/m)
    .filter((part) => part.trim() !== '')
    .map((part) => JSON.parse(part));
}

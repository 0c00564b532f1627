#!/usr/bin/env node
// Stands in for omnictl: `get <type> [id] …` prints the matching test/fixtures/omni/get-*.json,
// `--version` prints version.stdout.txt; otherwise argv[2] names a fixture for stdout ('-' for
// none) and argv[3] (optional) one for stderr. Exits 0.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const fixtures = join(import.meta.dirname, '../../fixtures/omni');
const [first, second, third] = process.argv.slice(2);

function getFixture(type, id) {
  const singular = type.endsWith('ses') ? type.slice(0, -2) : type.replace(/s$/, '');
  const names =
    id && !id.startsWith('-') ? [`get-${singular}-${id}.json`] : [`get-${type}.json`, `get-${singular}.json`];
  return names.find((name) => existsSync(join(fixtures, name)));
}

if (first === '--version') {
  process.stdout.write(readFileSync(join(fixtures, 'version.stdout.txt')));
} else if (first === 'get') {
  const name = getFixture(second, third);
  if (name) process.stdout.write(readFileSync(join(fixtures, name)));
} else {
  if (second) process.stderr.write(readFileSync(join(fixtures, second)));
  if (first && first !== '-') process.stdout.write(readFileSync(join(fixtures, first)));
}

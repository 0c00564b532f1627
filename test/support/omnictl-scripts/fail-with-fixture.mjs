#!/usr/bin/env node
// Stands in for a failing omnictl: prints to stderr the first argument naming a *.stderr.txt
// fixture (so it also works behind `get … -l <name>`) and exits 1.
// `--leak-key` prints the service-account key in the error instead, to check it gets scrubbed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const name = args.find((arg) => arg.endsWith('.stderr.txt'));
if (args.includes('--leak-key')) {
  process.stderr.write(`Error: illegal key ${process.env.OMNI_SERVICE_ACCOUNT_KEY}\n`);
} else if (name) {
  process.stderr.write(readFileSync(join(import.meta.dirname, '../../fixtures/omni', name)));
}
process.exit(1);

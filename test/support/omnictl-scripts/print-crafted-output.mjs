#!/usr/bin/env node
// Stands in for `omnictl get machines … -l <case>`: prints the machines fixture as awkward output,
// in many small writes so the reader gets it in several chunks. Cases: `leak-key` (the key echoed
// inside a document), `key-outside` (the key after a document), `truncated` (cut off mid-document),
// `small-writes` (the fixture unchanged, 7 bytes at a time), `fail-after-garbage` (garbage, exit 1),
// `endless-object` (an object that never closes, past the reader's 64 MiB limit).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const fixture = readFileSync(join(import.meta.dirname, '../../fixtures/omni/get-machines.json'));
const key = process.env.OMNI_SERVICE_ACCOUNT_KEY ?? '';
const args = process.argv.slice(2);
const mode = args[args.indexOf('-l') + 1];

async function writeInPieces(bytes, size) {
  for (let start = 0; start < bytes.length; start += size) {
    process.stdout.write(bytes.subarray(start, start + size));
    // A pause so the pieces are not merged into one pipe read.
    if ((start / size) % 64 === 0) await sleep(1);
  }
}

const first = fixture.subarray(0, fixture.indexOf('\n}\n') + 3);
if (mode === 'leak-key') {
  const leaked = first
    .toString()
    .replace('"omni.sidero.dev/infra-provider-id": "proxmox"', `"example.com/echo": "key ${key} echoed"`);
  await writeInPieces(Buffer.from(`${leaked}${fixture}`), 7);
} else if (mode === 'key-outside') {
  await writeInPieces(Buffer.concat([first, Buffer.from(`${key}\n`)]), 7);
} else if (mode === 'truncated') {
  await writeInPieces(fixture.subarray(0, first.length + 100), 7);
} else if (mode === 'small-writes') {
  await writeInPieces(fixture, 7);
} else if (mode === 'endless-object') {
  // An object that never closes: 65 MiB of one string, then the process exits normally.
  process.stdout.write('{\n  "spec": "');
  const mebibyte = Buffer.alloc(1024 * 1024, 'x');
  for (let i = 0; i < 65; i += 1)
    if (!process.stdout.write(mebibyte)) await new Promise((r) => process.stdout.once('drain', r));
} else if (mode === 'fail-after-garbage') {
  process.stdout.write('not json\n');
  process.stderr.write('Error: rpc error: code = Unavailable desc = connection refused\n');
  process.exit(1);
}

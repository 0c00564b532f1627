import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './bot-env.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'omni');

// A shell `omnictl` that answers the report's reads from the recorded fixtures: a child costs a
// fork and a `cat`, so a benchmark of the bot measures the bot, not a Node-based fake.
export function writeStubOmnictl(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'omnictl-stub-'));
  const file = path.join(dir, 'omnictl');
  const fixture = (name: string) => `exec cat '${path.join(FIXTURES, name)}'`;
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      'case "$2" in',
      `  machines) ${fixture('get-machines.json')} ;;`,
      `  clustermachines) ${fixture('get-clustermachines.json')} ;;`,
      `  clustermachinestatuses) ${fixture('get-clustermachinestatus.json')} ;;`,
      `  clusterstatuses) ${fixture('get-clusterstatus-talos-prod.json')} ;;`,
      '  *) echo "Error: unknown command \\"$2\\" for \\"omnictl get\\"" >&2; exit 1 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

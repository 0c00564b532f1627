// Stand-in for `docker` on the SSH test host: records each call, then behaves as the test asked.
// Invoked by <tmp>/bin/docker as: node docker-stand-in.mjs <state dir> <docker argv…>
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [stateDir, ...argv] = process.argv.slice(2);
appendFileSync(path.join(stateDir, 'docker-log.jsonl'), `${JSON.stringify({ argv, cwd: process.cwd() })}\n`);

let behaviour = {};
try {
  behaviour = JSON.parse(readFileSync(path.join(stateDir, 'docker-behaviour.json'), 'utf8'));
} catch {
  // no behaviour configured: succeed silently
}

if (behaviour.onCall) {
  const { command, env = {} } = behaviour.onCall;
  const result = spawnSync('/bin/sh', ['-c', command], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) process.stderr.write(`docker stand-in: onCall exited ${result.status}\n`);
}
if (behaviour.stdout) process.stdout.write(behaviour.stdout);
if (behaviour.stderr) process.stderr.write(behaviour.stderr);
if (behaviour.hang) {
  // Sleep until killed; the test finds this process by a marker in its argv.
  setInterval(() => {}, 1 << 30);
} else {
  process.exitCode = behaviour.exitCode ?? 0;
}

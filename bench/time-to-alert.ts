// Time to alert: a condition appears in Omni (the provider disconnects) → the alert in the incident
// channel, against WATCH_INTERVAL × (grace + 1). Goal: ≤ bound + 1 s.
// Run: node --import tsx bench/time-to-alert.ts
import { execa } from 'execa';
import type { AlertResult } from './alert-types.js';
import { ROOT } from './bot-env.js';
import { buildBot } from './build-bot.js';
import { printMachine } from './machine-info.js';
import { sized } from './quick.js';
import { ms, table } from './stats.js';

const TRIALS = sized(3, 1);
const INTERVAL_MS = sized(2_000, 1_000);

async function main(): Promise<void> {
  printMachine('Time to alert (time-to-alert.ts)');
  const build = await buildBot();
  if (!build.ok) throw new Error(build.note);
  const { stdout } = await execa(
    process.execPath,
    ['--import', 'tsx', 'bench/alert-run.ts', JSON.stringify({ trials: TRIALS, intervalMs: INTERVAL_MS })],
    { cwd: ROOT, stderr: 'inherit' },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as AlertResult;
  console.log(
    `WATCH_INTERVAL ${result.intervalMs} ms, grace 2 intervals: bound ${result.boundMs} ms; a fresh bot per trial on 100 healthy machines`,
  );
  console.log(
    table(
      ['trial', 'condition → alert ms', 'bound ms', 'within bound + 1 s'],
      result.samples.map((s, i) => [
        i + 1,
        ms(s),
        result.boundMs,
        s <= result.boundMs + 1_000 ? 'yes' : 'NO',
      ]),
    ),
  );
}

await main();

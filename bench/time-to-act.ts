// Time to act (Approve click → first mutating omnictl process, against the re-plan's reads alone)
// and run overhead (removal wall time − the time omnictl was running), on the runbook's removal.
// Goals: time to act ≤ floor + 150 ms; run overhead ≤ 1 s.
// Run: node --import tsx bench/time-to-act.ts
import { execa } from 'execa';
import type { ActResult } from './act-types.js';
import { ROOT } from './bot-env.js';
import { buildBot } from './build-bot.js';
import { printMachine } from './machine-info.js';
import { sized } from './quick.js';
import { ms, percentile, table } from './stats.js';

const TRIALS = sized(5, 1);
const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

async function main(): Promise<void> {
  printMachine('Time to act and run overhead (time-to-act.ts)');
  const build = await buildBot();
  if (!build.ok) throw new Error(build.note);
  const { stdout } = await execa(
    process.execPath,
    ['--import', 'tsx', 'bench/act-run.ts', JSON.stringify({ trials: TRIALS, main: build.main })],
    { cwd: ROOT, stderr: 'inherit' },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ActResult;
  console.log(
    `bot: ${build.note}; removal of w3 in talos-prod (VM gone), a fresh bot per trial, approved by a second person; the fake's delete takes ${result.teardownMs} ms (Omni's finalizer); ms`,
  );
  console.log(
    table(
      [
        'trial',
        'click → first mutating call',
        're-plan reads alone (floor)',
        'over floor',
        'run wall (click → summary)',
        'omnictl running',
        'overhead',
        'calls',
        'outcome',
      ],
      result.trials.map((t, i) => [
        i + 1,
        ms(t.actMs),
        `${ms(t.actFloorMs)} (${t.replanReads} reads)`,
        ms(t.actMs - t.actFloorMs),
        ms(t.runWallMs),
        ms(t.omniBusyMs),
        ms(t.runWallMs - t.omniBusyMs),
        t.omnictlCalls,
        t.succeeded ? 'succeeded' : 'NOT succeeded',
      ]),
    ),
  );
  const over = median(result.trials.map((t) => t.actMs - t.actFloorMs));
  const overhead = median(result.trials.map((t) => t.runWallMs - t.omniBusyMs));
  console.log(
    `median: time to act ${ms(over)} ms over its floor (goal ≤ 150 ms); run overhead ${ms(overhead)} ms (goal ≤ 1,000 ms)`,
  );
}

await main();

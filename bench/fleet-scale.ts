// Fleet scale: `/omni stuck-machines` against the fake omnictl serving 1,000 and 10,000 machines
// (3 % stuck). Goals at 10,000: ≤ 1 s bot CPU, ≤ 300 MB peak RSS, ≤ 3 omnictl calls at once.
// Run: node --import tsx bench/fleet-scale.ts
import { execa } from 'execa';
import { ROOT } from './bot-env.js';
import { buildBot } from './build-bot.js';
import type { FleetResult, FleetRun } from './fleet-scale-run.js';
import { printMachine } from './machine-info.js';
import { sized } from './quick.js';
import { ms, table } from './stats.js';

const SIZES = sized([1_000, 10_000], [200]);

function row(result: FleetResult, run: FleetRun, label: string): (string | number)[] {
  return [
    `${result.machines.toLocaleString('en')} (${label})`,
    run.stuck,
    ms(run.commandToLastMessageMs),
    ms(run.cpuMs),
    `${run.peakRssMb.toFixed(0)} (+${(run.peakRssMb - result.idleRssMb).toFixed(0)})`,
    `${run.omnictlCalls} / ${run.omnictlMaxParallel}`,
    run.slackMessages,
    `${(run.slackBytes / 1024).toFixed(1)} KB (largest ${(run.largestMessageBytes / 1024).toFixed(1)} KB, ${run.largestBlocks} blocks)`,
    run.allAccepted ? 'yes' : 'NO',
  ];
}

async function main(): Promise<void> {
  printMachine('Fleet scale (fleet-scale.ts)');
  const build = await buildBot();
  if (!build.ok) throw new Error(build.note);
  const results: FleetResult[] = [];
  for (const machines of SIZES) {
    const { stdout } = await execa(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'bench/fleet-scale-run.ts', String(machines)],
      {
        cwd: ROOT,
      },
    );
    results.push(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as FleetResult);
  }
  console.log(
    `bot: node dist/src/main.js (${build.note}) as its own process; CPU and RSS from /proc/<pid> (all its threads; not omnictl, its children, nor the fake Slack)`,
  );
  console.log(
    table(
      [
        'machines',
        'stuck',
        'command → last message ms',
        'bot CPU ms',
        'peak RSS MB (sampled; + over idle)',
        'omnictl calls / max parallel',
        'Slack messages',
        'Slack payload',
        'all accepted by Block Kit checks',
      ],
      results.flatMap((r) => [row(r, r.runs[0]!, 'cold'), row(r, r.runs[1]!, 'warm')]),
    ),
  );
  for (const r of results)
    console.log(
      `${r.machines.toLocaleString('en')} machines: omnictl output per report ${r.omnictlOutputMb.toFixed(1)} MB; process RSS idle before the commands ${r.idleRssMb.toFixed(0)} MB (the bot alone), lifetime max through both commands ${r.lifetimeMaxRssMb.toFixed(0)} MB`,
    );
  console.log('where the CPU goes: the read path stage by stage on the same output, warm (CPU ms)');
  const stages = Object.keys(results[0]?.breakdown ?? {});
  console.log(
    table(
      ['machines', ...stages],
      results.map((r) => [
        r.machines.toLocaleString('en'),
        ...stages.map((k) => ms(r.breakdown[k as keyof typeof r.breakdown])),
      ]),
    ),
  );
  console.log('goals at 10,000: bot CPU ≤ 1000 ms, peak RSS ≤ 300 MB, ≤ 3 omnictl calls at once');
}

await main();

// Start-up and idle: from spawning the real bot process to /readyz 200, and its memory once idle.
// Goal: ready in ≤ 1.5 s, idle RSS ≤ 120 MB. Run: node --import tsx bench/startup-idle.ts
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { createFakeOmni, type FakeOmni } from '../test/fakes/omnictl/fake-omni.js';
import { type FakeSlack, startFakeSlack } from '../test/fakes/slack/start-fake-slack.js';
import { freePort } from '../test/support/bot-process.js';
import { botEnv, ROOT, waitForOk } from './bot-env.js';
import { BUILT_MAIN, buildBot } from './build-bot.js';
import { printMachine } from './machine-info.js';
import { processMemory } from './process-memory.js';
import { sized } from './quick.js';
import { ms, summarize, table } from './stats.js';

const TRIALS = sized(5, 1);
const IDLE_MS = sized(3_000, 300);

type Trial = { readyMs: number; rssMb: number; peakMb: number };

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, delay(5_000).then(() => child.kill('SIGKILL'))]);
}

async function trial(args: string[], slack: FakeSlack, omni: FakeOmni): Promise<Trial> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: botEnv({ slack, omni, port }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const readyMs = await waitForOk(`http://127.0.0.1:${port}/readyz`, started);
    await delay(IDLE_MS);
    return { readyMs, ...processMemory(child.pid ?? 0) };
  } finally {
    await stop(child);
  }
}

// The fake omnictl is a Node script; its own start-up is part of the readiness probe.
async function probeMs(omni: FakeOmni): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    await execa(omni.path, ['get', 'clusterstatuses', '-o', 'json'], { env: omni.env });
    times.push(performance.now() - started);
  }
  return summarize(times).p50;
}

async function main(): Promise<void> {
  printMachine('Start-up and idle (startup-idle.ts)');
  const build = await buildBot();
  const slack = await startFakeSlack();
  const omni = await createFakeOmni({ scenario: 'talos-prod' });
  const forms: [string, string[]][] = [
    ['tsx src/main.ts (dev, as the tests run it)', ['--import', 'tsx', 'src/main.ts']],
  ];
  if (build.ok) forms.unshift(['node dist/src/main.js (production build)', [BUILT_MAIN]]);
  else console.log(`compiled form skipped: ${build.note}`);
  const rows: (string | number)[][] = [];
  for (const [label, args] of forms) {
    const trials: Trial[] = [];
    for (let i = 0; i < TRIALS; i += 1) trials.push(await trial(args, slack, omni));
    const ready = summarize(trials.map((t) => t.readyMs));
    const rss = summarize(trials.map((t) => t.rssMb));
    const peak = summarize(trials.map((t) => t.peakMb));
    rows.push([
      label,
      ms(ready.p50),
      ms(ready.max),
      rss.p50.toFixed(0),
      rss.max.toFixed(0),
      peak.max.toFixed(0),
    ]);
  }
  console.log(`${TRIALS} trials each; idle = ${IDLE_MS / 1000} s after ready; build: ${build.note}`);
  console.log(
    table(
      ['form', 'start→ready p50 ms', 'max ms', `idle RSS p50 MB`, 'max MB', 'peak RSS (VmHWM) max MB'],
      rows,
    ),
  );
  console.log(
    `of which the readiness probe (fake omnictl \`get clusterstatuses\`, a Node process): p50 ${ms(await probeMs(omni))} ms`,
  );
  console.log('goals: ready ≤ 1500 ms, idle RSS ≤ 120 MB');
  await slack.close();
  await omni.cleanup();
}

await main();

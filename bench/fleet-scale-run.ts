// One fleet size: the bot (production build, its own process, as deployed) against the fake omnictl
// serving a generated fleet; `/omni stuck-machines` twice (cold, then warm). The bot's CPU and memory
// come from /proc/<pid>: its own threads only, not omnictl (its children) nor the fake Slack (here).
// Usage: node --import tsx bench/fleet-scale-run.ts <machines>   (prints JSON)
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { createFakeOmni } from '../test/fakes/omnictl/fake-omni.js';
import { postSigned, slashCommandBody } from '../test/fakes/slack/slack-requests.js';
import { startFakeSlack } from '../test/fakes/slack/start-fake-slack.js';
import { CHANNEL, SIGNING_SECRET, USERS } from '../test/support/bot-harness.js';
import { freePort } from '../test/support/bot-process.js';
import { botEnv, ROOT, waitForOk } from './bot-env.js';
import { BUILT_MAIN } from './build-bot.js';
import { processMemory } from './process-memory.js';
import { type Breakdown, readPathBreakdown } from './read-path-breakdown.js';
import { maxParallel, recordingOmnictl } from './recording-omnictl.js';

export type FleetRun = {
  commandToLastMessageMs: number;
  cpuMs: number;
  cpuThreads: Record<string, number>;
  peakRssMb: number;
  omnictlCalls: number;
  omnictlMaxParallel: number;
  slackMessages: number;
  slackBytes: number;
  largestMessageBytes: number;
  largestBlocks: number;
  allAccepted: boolean;
  stuck: number;
};
export type FleetResult = {
  machines: number;
  omnictlOutputMb: number;
  lifetimeMaxRssMb: number;
  idleRssMb: number;
  runs: FleetRun[];
  breakdown: Breakdown;
};

// user + system CPU of the process's own threads, in ms (/proc/<pid>/stat fields 14 and 15, in ticks).
const TICK_MS = 1000 / Number(process.env.CLK_TCK ?? 100);
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

// The same per thread, grouped: the main thread, and the others by name (V8 helpers, libuv, workers).
function cpuByThread(pid: number): Record<string, number> {
  const groups: Record<string, number> = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name =
        Number(tid) === pid ? 'main' : `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}:${tid}`;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      groups[name] = (groups[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      // the thread ended between listing and reading
    }
  }
  return groups;
}

const machines = Number(process.argv[2] ?? 1000);
const omni = await createFakeOmni({ scenario: 'healthy' });
// Generated in a child process, so this process's peak memory is the bot's, not the generator's.
await execa(
  process.execPath,
  [path.join(ROOT, 'test/fakes/omnictl/admin.mjs'), 'init', `fleet:${machines}:0.03`],
  {
    env: { FAKE_OMNI_STATE: omni.statePath },
  },
);
const recorder = recordingOmnictl(omni.path);
const slack = await startFakeSlack();
const logs: string[] = [];
const port = await freePort();
const started = performance.now();
const bot: ChildProcess = spawn(process.execPath, [BUILT_MAIN], {
  cwd: ROOT,
  env: botEnv({ slack, omni, port, omnictlPath: recorder.path, extra: { LOG_LEVEL: 'info' } }),
  stdio: ['ignore', 'pipe', 'inherit'],
});
createInterface({ input: bot.stdout! }).on('line', (line) => logs.push(line));
await waitForOk(`http://127.0.0.1:${port}/readyz`, started);
const pid = bot.pid!;
const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
await new Promise((resolve) => setTimeout(resolve, 1_000));
const idleRssMb = processMemory(pid).rssMb;

async function stuckMachines(): Promise<FleetRun> {
  const fromCall = slack.calls.length;
  const fromLog = logs.length;
  let peak = processMemory(pid).rssMb;
  const sampler = setInterval(() => {
    peak = Math.max(peak, processMemory(pid).rssMb);
  }, 20);
  const sentAt = Date.now();
  const cpuBefore = cpuMsOf(pid);
  const threadsBefore = cpuByThread(pid);
  const body = slashCommandBody({
    text: 'stuck-machines',
    userId: USERS.alice,
    channelId: CHANNEL,
    responseUrl: slack.responseUrl(),
  });
  await postSigned(eventsUrl, { body, signingSecret: SIGNING_SECRET });
  while (!logs.slice(fromLog).some((l) => /stuck-machines report (posted|failed)/.test(l)))
    await new Promise((resolve) => setTimeout(resolve, 5));
  const cpuMs = cpuMsOf(pid) - cpuBefore;
  const threadsAfter = cpuByThread(pid);
  const cpuThreads = Object.fromEntries(
    Object.entries(threadsAfter).map(([name, after]) => [name, after - (threadsBefore[name] ?? 0)]),
  );
  clearInterval(sampler);
  const calls = slack.calls.slice(fromCall).filter((c) => c.method.startsWith('chat.'));
  const sizes = calls.map((c) => JSON.stringify({ text: c.params.text, blocks: c.params.blocks }).length);
  const omnictl = recorder.calls(sentAt);
  const posted = logs.slice(fromLog).find((l) => l.includes('stuck-machines report posted')) ?? '{}';
  // A benchmark of a failing report measures nothing: say why.
  for (const line of logs.slice(fromLog))
    if (/"level":"(warn|error|fatal)"/.test(line)) process.stderr.write(`${line}\n`);
  return {
    commandToLastMessageMs: Math.max(...calls.map((c) => c.at)) - sentAt,
    cpuMs,
    cpuThreads,
    peakRssMb: peak,
    omnictlCalls: omnictl.length,
    omnictlMaxParallel: maxParallel(omnictl),
    slackMessages: calls.length,
    slackBytes: sizes.reduce((a, b) => a + b, 0),
    largestMessageBytes: Math.max(...sizes),
    largestBlocks: Math.max(
      ...calls.map((c) => (Array.isArray(c.params.blocks) ? c.params.blocks.length : 0)),
    ),
    allAccepted: calls.every((c) => c.status === 200 && c.response.ok === true),
    stuck: Number((JSON.parse(posted) as { stuck?: number }).stuck ?? Number.NaN),
  };
}

const runs = [await stuckMachines(), await stuckMachines()];
// Before the breakdown below reads the outputs again in this process.
const lifetimeMaxRssMb = processMemory(pid).peakMb;
bot.kill('SIGTERM');
await new Promise((resolve) => bot.once('exit', resolve));
// What the bot had to read: the three gets of a report, run once more outside the measurement.
const outputs = { machines: '', clustermachines: '', clustermachinestatuses: '' };
for (const type of Object.keys(outputs) as (keyof typeof outputs)[]) {
  const { stdout } = await execa(omni.path, ['get', type, '-o', 'json'], {
    env: omni.env,
    stripFinalNewline: false,
  });
  outputs[type] = stdout;
}
const outputBytes = Object.values(outputs).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
const breakdown = await readPathBreakdown(outputs, omni.env.OMNI_SERVICE_ACCOUNT_KEY);
const result: FleetResult = {
  machines,
  omnictlOutputMb: outputBytes / 2 ** 20,
  lifetimeMaxRssMb,
  idleRssMb,
  runs,
  breakdown,
};
await slack.close();
await omni.cleanup();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);

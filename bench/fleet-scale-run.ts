// One fleet size, in a process of its own (so peak RSS is this run's): the bot in-process against
// the fake omnictl serving a generated fleet, `/omni stuck-machines` twice (cold, then warm).
// Usage: node --import tsx bench/fleet-scale-run.ts <machines>   (prints JSON)
import path from 'node:path';
import { Writable } from 'node:stream';
import { execa } from 'execa';
import { loadConfig } from '../src/config.js';
import { startBot } from '../src/start-bot.js';
import { createFakeOmni } from '../test/fakes/omnictl/fake-omni.js';
import { postSigned, slashCommandBody } from '../test/fakes/slack/slack-requests.js';
import { startFakeSlack } from '../test/fakes/slack/start-fake-slack.js';
import { CHANNEL, SIGNING_SECRET, USERS } from '../test/support/bot-harness.js';
import { botEnv, ROOT } from './bot-env.js';
import { type Breakdown, readPathBreakdown } from './read-path-breakdown.js';
import { maxParallel, recordingOmnictl } from './recording-omnictl.js';

export type FleetRun = {
  commandToLastMessageMs: number;
  cpuMs: number;
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
const logDestination = new Writable({
  write(chunk, _encoding, done) {
    logs.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
const loaded = loadConfig(
  botEnv({ slack, omni, port: 0, omnictlPath: recorder.path, extra: { LOG_LEVEL: 'info' } }),
);
if (!loaded.ok) throw new Error(loaded.problems.join('; '));
const bot = await startBot(loaded.config, {
  host: '127.0.0.1',
  logDestination,
  slackClientOptions: { retryConfig: { retries: 0 } },
  omniProbeIntervalMs: 3_600_000,
  sweepIntervalMs: 3_600_000,
});
const eventsUrl = `http://127.0.0.1:${bot.port}/slack/events`;
global.gc?.();
const idleRssMb = process.memoryUsage.rss() / 2 ** 20;

async function stuckMachines(): Promise<FleetRun> {
  const fromCall = slack.calls.length;
  const fromLog = logs.length;
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const sentAt = Date.now();
  const cpu = process.cpuUsage();
  const body = slashCommandBody({
    text: 'stuck-machines',
    userId: USERS.alice,
    channelId: CHANNEL,
    responseUrl: slack.responseUrl(),
  });
  await postSigned(eventsUrl, { body, signingSecret: SIGNING_SECRET });
  while (!logs.slice(fromLog).some((l) => /stuck-machines report (posted|failed)/.test(l)))
    await new Promise((resolve) => setTimeout(resolve, 5));
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  const calls = slack.calls.slice(fromCall).filter((c) => c.method.startsWith('chat.'));
  const sizes = calls.map((c) => JSON.stringify({ text: c.params.text, blocks: c.params.blocks }).length);
  const omnictl = recorder.calls(sentAt);
  const posted = logs.slice(fromLog).find((l) => l.includes('stuck-machines report posted')) ?? '{}';
  return {
    commandToLastMessageMs: Math.max(...calls.map((c) => c.at)) - sentAt,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMb: peak / 2 ** 20,
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
const lifetimeMaxRssMb = process.resourceUsage().maxRSS / 1024;
await bot.stop();
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

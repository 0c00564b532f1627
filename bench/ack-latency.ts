// Ack latency of `/omni stuck-machines` in the bot's HTTP receiver, against a bare Bolt app that only
// acks, in the same run: sequential, 200 at once, and a steady rate. Goal: bot p99 ≤ 1.25× bare.
// Run: node --import tsx bench/ack-latency.ts   (ACK_ROUNDS=10 for more samples, default 3;
// ACK_AA=1 for bare against bare)
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { execa } from 'execa';
import { createFakeOmni } from '../test/fakes/omnictl/fake-omni.js';
import { type FakeSlack, startFakeSlack } from '../test/fakes/slack/start-fake-slack.js';
import { CHANNEL, SIGNING_SECRET } from '../test/support/bot-harness.js';
import { freePort } from '../test/support/bot-process.js';
import { botEnv, ROOT, waitForOk } from './bot-env.js';
import { buildBot } from './build-bot.js';
import type { LoadResult, LoadSpec } from './load-generator.js';
import { printMachine } from './machine-info.js';
import { sized } from './quick.js';
import { ms, type Summary, summarize, table } from './stats.js';
import { writeStubOmnictl } from './stub-omnictl.js';

// More rounds give a steadier p99 (with 3, the p99 of 300 sequential acks is their 3rd slowest).
const ROUNDS = Number(process.env.ACK_ROUNDS ?? sized(3, 1));
const WARM_UP = sized(50, 5);
const PHASES: { name: string; spec: Pick<LoadSpec, 'mode' | 'count' | 'perSecond'> }[] = [
  { name: 'sequential', spec: { mode: 'sequential', count: sized(100, 10) } },
  { name: '200 concurrent', spec: { mode: 'concurrent', count: sized(200, 20) } },
  { name: 'steady 20/s for 5 s', spec: { mode: 'rate', count: sized(100, 10), perSecond: 20 } },
];

type Target = {
  name: string;
  url: string;
  child: ChildProcess;
  settle: (sent: number) => Promise<void>;
};

async function generate(
  url: string,
  spec: Omit<LoadSpec, 'url' | 'signingSecret' | 'responseUrl'>,
  slack: FakeSlack,
): Promise<LoadResult> {
  const full: LoadSpec = { url, signingSecret: SIGNING_SECRET, responseUrl: slack.responseUrl(), ...spec };
  const { stdout } = await execa(
    process.execPath,
    ['--import', 'tsx', 'bench/load-generator.ts', JSON.stringify(full)],
    {
      cwd: ROOT,
    },
  );
  return JSON.parse(stdout) as LoadResult;
}

async function startBare(slack: FakeSlack): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-bolt-app.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: slack.options.botToken,
      SLACK_API_URL: slack.apiUrl,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await once(child.stdout!, 'data');
  return { name: 'bare', url: `http://127.0.0.1:${port}/slack/events`, child, settle: async () => {} };
}

async function startBot(slack: FakeSlack, entry: string[]): Promise<Target> {
  const omni = await createFakeOmni({ scenario: 'talos-prod' });
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: botEnv({ slack, omni, port, omnictlPath: writeStubOmnictl() }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForOk(`http://127.0.0.1:${port}/readyz`, started);
  const reports = () =>
    slack.calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === CHANNEL).length;
  let posted = reports();
  // Waits until every command of a phase has posted its report, so phases do not overlap.
  const settle = async (sent: number) => {
    const target = posted + sent;
    const deadline = Date.now() + 120_000;
    while (reports() < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    posted = reports();
  };
  return { name: 'bot', url: `http://127.0.0.1:${port}/slack/events`, child, settle };
}

async function main(): Promise<void> {
  printMachine('Ack latency (ack-latency.ts)');
  const build = await buildBot();
  const entry = build.ok ? [build.main] : ['--import', 'tsx', 'src/main.ts'];
  const slack = await startFakeSlack();
  // ACK_AA=1 measures a second bare app in the bot's place: how far apart two identical apps' p99s
  // land on this machine, which is the noise the bot's ratio is read against.
  const compared =
    process.env.ACK_AA === '1'
      ? { ...(await startBare(slack)), name: 'bare B' }
      : await startBot(slack, entry);
  const targets = [await startBare(slack), compared];
  const samples = new Map<string, number[]>();
  const settleMs = new Map<string, number[]>();
  const bad: string[] = [];
  for (const target of targets) {
    await generate(target.url, { mode: 'sequential', count: WARM_UP }, slack);
    await target.settle(WARM_UP);
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const phase of PHASES) {
      for (const target of targets) {
        const started = performance.now();
        const result = await generate(target.url, phase.spec, slack);
        await target.settle(phase.spec.count);
        const key = `${target.name}|${phase.name}`;
        samples.set(key, [...(samples.get(key) ?? []), ...result.latencies]);
        settleMs.set(key, [...(settleMs.get(key) ?? []), performance.now() - started]);
        if (Object.keys(result.statuses).some((s) => s !== '200'))
          bad.push(`${key}: ${JSON.stringify(result.statuses)}`);
      }
    }
  }
  const rows = PHASES.map((phase) => {
    const bare = summarize(samples.get(`bare|${phase.name}`) ?? []);
    const bot = summarize(samples.get(`${compared.name}|${phase.name}`) ?? []);
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    const cell = (s: Summary) => `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)}`;
    const done = summarize(settleMs.get(`${compared.name}|${phase.name}`) ?? []);
    return [
      phase.name,
      bare.n,
      cell(bare),
      cell(bot),
      ratio(bot.p50, bare.p50),
      ratio(bot.p99, bare.p99),
      ratio(bot.max, bare.max),
      ms(done.p50),
    ];
  });
  console.log(
    `${compared.name === 'bot' ? `bot: ${build.ok ? 'node dist/src/main.js' : 'tsx src/main.ts'} (${build.note})` : 'A/A: a second bare app in the bot column'}; omnictl: shell stub answering from the fixtures; ${ROUNDS} rounds, bare and bot alternating; the load generator is its own process`,
  );
  console.log(
    table(
      [
        'phase',
        'n each',
        'bare p50 / p99 / max ms',
        `${compared.name} p50 / p99 / max ms`,
        'p50 ×',
        'p99 ×',
        'max ×',
        `${compared.name}: phase done ms (p50 of rounds)`,
      ],
      rows,
    ),
  );
  console.log(bad.length === 0 ? 'every request acked 200' : `non-200 answers: ${bad.join('; ')}`);
  console.log('goal: bot p99 ≤ 1.25 × bare p99 in every phase; Slack allows 3000 ms');
  for (const target of targets) target.child.kill('SIGTERM');
  await slack.close();
}

await main();

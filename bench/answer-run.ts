// Time to answer on one fleet size, as a person feels it: `/omni <command>` sent → the report's last
// message posted, for stuck-machines, status and drift; idle (one command at a time) and under a
// steady load; each idle trial against its floor, measured right after it in the same run: the same
// omnictl reads the bot ran for it, run alone and in parallel as the bot runs them, plus one
// chat.postMessage round trip to the same fake Slack.
// Usage: node --import tsx bench/answer-run.ts '{"machines":1000,"trials":5,"rates":[1,5],"loadSeconds":60}'
import { setTimeout as delay } from 'node:timers/promises';
import {
  ANSWER_COMMANDS,
  type AnswerCommand,
  type AnswerResult,
  type AnswerSpec,
  type IdleTrial,
  type LoadRun,
} from './answer-types.js';
import type { OmnictlCall } from './recording-omnictl.js';
import { replayReads } from './replay-reads.js';
import { type BenchBot, benchChannels, startBenchBot } from './start-bench-bot.js';

// How long a channel stays quiet before its report counts as complete (its pages are posted one
// after another, each within milliseconds of the last).
const SETTLE_MS = 400;
const TIMEOUT_MS = 120_000;

let nextChannel = 0;
let nextUser = 0;
const channels = benchChannels(2_000);

function takeSender(): { userId: string; channelId: string } {
  const channel = channels[nextChannel % channels.length]!;
  nextChannel += 1;
  nextUser += 1;
  return { channelId: channel.id, userId: `U0ANS${String(nextUser).padStart(5, '0')}` };
}

// When the last message of the report in this channel was posted (ms since the epoch, as the fake
// Slack stamps it), once the channel has been quiet for SETTLE_MS.
async function answeredAt(bot: BenchBot, channelId: string, sentAt: number): Promise<number | undefined> {
  const posts = () =>
    bot.slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.params.channel === channelId && c.at >= sentAt,
    );
  for (;;) {
    const last = posts().at(-1)?.at;
    if (last !== undefined && Date.now() - last >= SETTLE_MS) return last;
    if (Date.now() - sentAt > TIMEOUT_MS) return last;
    await delay(20);
  }
}

// The floor: what no bot can beat on this machine with these reads and one message.
async function floorMs(bot: BenchBot, reads: readonly OmnictlCall[]): Promise<number> {
  const readsMs = await replayReads(bot, reads);
  const postStarted = performance.now();
  const response = await fetch(`${bot.slack.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${bot.slack.options.botToken}`,
      'content-type': 'application/json; charset=utf-8',
    },
    body: JSON.stringify({ channel: channels[0]!.id, text: 'floor' }),
  });
  await response.json();
  return readsMs + (performance.now() - postStarted);
}

async function idleTrial(bot: BenchBot, command: AnswerCommand): Promise<IdleTrial> {
  const from = takeSender();
  const sentAt = Date.now();
  await bot.command(command, from);
  const last = await answeredAt(bot, from.channelId, sentAt);
  if (last === undefined) throw new Error(`/omni ${command}: no report within ${TIMEOUT_MS} ms`);
  const reads = bot.recorder.calls(sentAt).filter((c) => c.args[0] === 'get');
  return { command, answerMs: last - sentAt, floorMs: await floorMs(bot, reads), reads: reads.length };
}

// Commands sent on schedule, whether or not earlier ones were answered, rotating the three reports,
// each from a person and a channel of its own.
async function loadRun(bot: BenchBot, perSecond: number, seconds: number): Promise<LoadRun> {
  const count = Math.max(1, Math.round(perSecond * seconds));
  const started = performance.now();
  const pending: Promise<number | undefined>[] = [];
  const acks: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const wait = started + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await delay(wait);
    const from = takeSender();
    const sentAt = Date.now();
    pending.push(
      bot
        .command(ANSWER_COMMANDS[i % ANSWER_COMMANDS.length]!, from)
        .then((ackMs) => {
          acks.push(ackMs);
          return answeredAt(bot, from.channelId, sentAt);
        })
        .then((last) => (last === undefined ? undefined : last - sentAt)),
    );
  }
  const answers = await Promise.all(pending);
  const samples = answers.filter((a): a is number => a !== undefined);
  return { perSecond, sent: count, answered: samples.length, samples, acks };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as AnswerSpec;
const bot = await startBenchBot({
  machines: spec.machines,
  channels,
  extraEnv: spec.extraEnv,
  main: spec.main,
});
// One unmeasured round first: the first report of a fresh process compiles its code paths.
for (const command of ANSWER_COMMANDS) await idleTrial(bot, command);
const idle: IdleTrial[] = [];
for (let t = 0; t < spec.trials; t += 1)
  for (const command of ANSWER_COMMANDS) idle.push(await idleTrial(bot, command));
const load: LoadRun[] = [];
for (const perSecond of spec.rates) load.push(await loadRun(bot, perSecond, spec.loadSeconds));
for (const line of bot.logs)
  if (/"level":(40|50|60)|"level":"(warn|error|fatal)"/.test(line)) process.stderr.write(`${line}\n`);
await bot.stop();
const result: AnswerResult = { machines: spec.machines, idle, load };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);

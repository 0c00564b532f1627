// Time to answer: `/omni stuck-machines | status | drift` → the report's last message, on 100, 1,000
// and 10,000 machines, each against its floor (the same reads alone + one chat.postMessage), and
// under a steady 1 and 5 commands/s for 60 s against the idle figure.
// Goals: ≤ 1.15× floor on 10,000 machines, ≤ 1.3× on 100; p95 at 5 commands/s ≤ 1.5× idle p95.
// Run: node --import tsx bench/time-to-answer.ts   (BENCH_ANSWER_ENV='{"K":"V"}' adds bot settings)
import { execa } from 'execa';
import { ANSWER_COMMANDS, type AnswerResult, type AnswerSpec } from './answer-types.js';
import { ROOT } from './bot-env.js';
import { buildBot } from './build-bot.js';
import { printMachine } from './machine-info.js';
import { sized } from './quick.js';
import { ms, percentile, table } from './stats.js';

// BENCH_SIZES (comma-separated), BENCH_LOAD_SIZE and BENCH_LOAD_SECONDS change what is measured,
// e.g. the load on 10,000 machines.
const numbers = (text: string | undefined) => text?.split(',').map(Number).filter(Number.isFinite);
const SIZES = numbers(process.env.BENCH_SIZES) ?? sized([100, 1_000, 10_000], [50]);
const TRIALS = sized(5, 1);
// Load runs on the middle size by default: 5 commands/s of 10,000-machine reports is about all that
// 2 cores do.
const LOAD_SIZE = Number(process.env.BENCH_LOAD_SIZE ?? sized(1_000, 50));
const RATES = [1, 5];
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? sized(60, 2));

const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

async function run(spec: AnswerSpec): Promise<AnswerResult> {
  const { stdout } = await execa(
    process.execPath,
    ['--import', 'tsx', 'bench/answer-run.ts', JSON.stringify(spec)],
    { cwd: ROOT, stderr: 'inherit' },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as AnswerResult;
}

async function measure(main: string, extraEnv: Record<string, string>): Promise<AnswerResult[]> {
  const results: AnswerResult[] = [];
  for (const machines of SIZES)
    results.push(
      await run({
        machines,
        trials: TRIALS,
        rates: machines === LOAD_SIZE ? RATES : [],
        loadSeconds: LOAD_SECONDS,
        extraEnv,
        main,
      }),
    );
  return results;
}

function printIdle(results: readonly AnswerResult[]): void {
  console.log(
    table(
      ['machines', 'command', 'reads', 'answer ms', 'floor ms', '× floor (median of trials)', 'goal'],
      results.flatMap((r) =>
        ANSWER_COMMANDS.map((command) => {
          const trials = r.idle.filter((t) => t.command === command);
          const goal = r.machines >= 10_000 ? '≤ 1.15×' : r.machines <= 100 ? '≤ 1.3×' : '–';
          return [
            r.machines.toLocaleString('en'),
            command,
            trials[0]?.reads ?? 0,
            ms(median(trials.map((t) => t.answerMs))),
            ms(median(trials.map((t) => t.floorMs))),
            `${median(trials.map((t) => t.answerMs / t.floorMs)).toFixed(2)}×`,
            goal,
          ];
        }),
      ),
    ),
  );
}

function printLoad(results: readonly AnswerResult[]): void {
  const loaded = results.find((r) => r.load.length > 0);
  if (!loaded) return;
  const idle = loaded.idle.map((t) => t.answerMs).sort((a, b) => a - b);
  const idleP95 = percentile(idle, 95);
  console.log(
    `under load on ${loaded.machines.toLocaleString('en')} machines: commands sent on schedule for ${LOAD_SECONDS} s, rotating the three reports, each from its own person and channel; idle p50 / p95 ${ms(percentile(idle, 50))} / ${ms(idleP95)} ms (the trials above)`,
  );
  console.log(
    table(
      ['commands/s', 'sent', 'answered', 'p50 ms', 'p95 ms', 'p95 × idle p95', 'goal', 'ack p99 / max ms'],
      loaded.load.map((l) => {
        const sorted = [...l.samples].sort((a, b) => a - b);
        const acks = [...l.acks].sort((a, b) => a - b);
        return [
          l.perSecond,
          l.sent,
          l.answered,
          ms(percentile(sorted, 50)),
          ms(percentile(sorted, 95)),
          `${(percentile(sorted, 95) / idleP95).toFixed(2)}×`,
          l.perSecond === 5 ? '≤ 1.5×' : '–',
          `${ms(percentile(acks, 99))} / ${ms(acks.at(-1) ?? Number.NaN)}`,
        ];
      }),
    ),
  );
}

async function main(): Promise<void> {
  printMachine('Time to answer (time-to-answer.ts)');
  const extraEnv = JSON.parse(process.env.BENCH_ANSWER_ENV ?? '{}') as Record<string, string>;
  const build = await buildBot();
  if (!build.ok) throw new Error(build.note);
  const results = await measure(build.main, extraEnv);
  console.log(
    `bot: node dist/src/main.js (${build.note}), HTTP mode; ${TRIALS} trials per command after one unmeasured round; ms, median over trials; floor = the same omnictl reads alone, as many at once as the bot ran them, + one chat.postMessage round trip, measured right after each trial${Object.keys(extraEnv).length ? `; bot settings ${JSON.stringify(extraEnv)}` : ''}`,
  );
  printIdle(results);
  printLoad(results);
}

await main();

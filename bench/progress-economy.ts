// Progress economy: Slack calls for one 10-step run whose omnictl steps print many lines, through the
// real runner and Slack notifier. Goal: ≤ 1 status edit per second, final summary always delivered.
// Run: node --import tsx bench/progress-economy.ts
import { type FakeSlack, startFakeSlack } from '../test/fakes/slack/start-fake-slack.js';
import { printMachine } from './machine-info.js';
import { chattyPlan, runWithProgress } from './progress-run.js';
import { sized } from './quick.js';
import { ms, table } from './stats.js';

const STEPS = sized(10, 2);
const LINES = sized(150, 20);
const INTERVAL_MS = 10;

type Scenario = { name: string; arrange: (slack: FakeSlack) => void };

const SCENARIOS: Scenario[] = [
  { name: 'Slack answers at once', arrange: () => {} },
  {
    name: 'chat.update takes 1.5 s (slow Slack)',
    arrange: (slack) => slack.failNext('chat.update', { delayMs: 1_500, times: 1_000 }),
  },
];

// The most edits inside any one-second window.
function busiestSecond(times: readonly number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= 1_000) j += 1;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function measure(scenario: Scenario): Promise<(string | number)[]> {
  const slack = await startFakeSlack();
  scenario.arrange(slack);
  const started = Date.now();
  const run = await runWithProgress(slack, chattyPlan(STEPS, LINES, INTERVAL_MS));
  const finished = Date.now();
  const calls = slack.calls.filter((c) => c.at >= started);
  // The fake records a call when it arrives, so `at` is when the bot sent it, however slow the answer.
  const edits = calls.filter((c) => c.method === 'chat.update' && c.params.ts === run.statusTs);
  const editTimes = edits.map((c) => c.at).sort((a, b) => a - b);
  const gaps = editTimes.slice(1).map((t, i) => t - (editTimes[i] ?? t));
  const summaries = calls.filter(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.params.thread_ts === run.cardTs &&
      /Succeeded|Failed/.test(String(c.params.text)),
  );
  const summaryAt = summaries[0]?.at ?? Number.NaN;
  const durationS = (finished - started) / 1000;
  await slack.close();
  return [
    scenario.name,
    run.result.status,
    run.lines,
    durationS.toFixed(1),
    calls.length,
    edits.length,
    (edits.length / durationS).toFixed(2),
    busiestSecond(editTimes),
    gaps.length > 0 ? ms(Math.min(...gaps)) : '–',
    summaries.length,
    ms(run.stepsDoneAt - started),
    ms(summaryAt - run.stepsDoneAt),
    gaps
      .filter((g) => g < 1_000)
      .map((g) => ms(g))
      .join(', ') || 'none',
  ];
}

async function main(): Promise<void> {
  printMachine('Progress economy (progress-economy.ts)');
  const rows = [];
  for (const scenario of SCENARIOS) rows.push(await measure(scenario));
  console.log(
    `${STEPS} omnictl steps, each printing ${LINES} lines every ${INTERVAL_MS} ms (${STEPS * LINES} lines in all)`,
  );
  console.log(
    table(
      [
        'Slack',
        'run',
        'output lines',
        'run s',
        'Slack calls',
        'status edits',
        'edits/s',
        'most edits in 1 s',
        'min gap ms',
        'summaries',
        'steps done at ms',
        'summary after steps ms',
        'edit gaps < 1 s (ms)',
      ],
      rows,
    ),
  );
  console.log('goals: ≤ 1 status edit per second per run; exactly one final summary');
}

await main();

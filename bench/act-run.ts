// Time to act and run overhead, on the runbook's removal (talos-prod: w3 stuck, its VM gone):
// - time to act: the Approve click sent → the first mutating omnictl process started, against its
//   floor, the re-plan's reads (the reads the bot ran between the two) run alone, as many at once;
// - run overhead: the run's wall time (click → summary posted) minus the time omnictl processes were
//   running in it (Omni's own work; the fake's delete takes TEARDOWN_MS, as a real finalizer does).
// Usage: node --import tsx bench/act-run.ts '{"trials":5,"main":"bench/.build/src/main.js"}'
import { setTimeout as delay } from 'node:timers/promises';
import { storedMessage, W3 } from '../test/support/approval-flow.js';
import { CHANNEL, USERS } from '../test/support/bot-harness.js';
import type { ActResult, ActTrial } from './act-types.js';
import { sized } from './quick.js';
import type { OmnictlCall } from './recording-omnictl.js';
import { replayReads } from './replay-reads.js';
import { type BenchBot, startBenchBot } from './start-bench-bot.js';

const TEARDOWN_MS = sized(3_000, 300);
const READ_ONLY = /^(get|--version|machine-logs|serviceaccount|infraprovider list)$/;

// The milliseconds covered by at least one omnictl process: overlapping calls count once.
function busyMs(calls: readonly OmnictlCall[]): number {
  const sorted = [...calls].sort((a, b) => a.startMs - b.startMs);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const call of sorted) {
    if (call.startMs > end) total += call.endMs - call.startMs;
    else if (call.endMs > end) total += call.endMs - end;
    end = Math.max(end, call.endMs);
  }
  return total;
}

async function waitForCall(bot: BenchBot, matches: (c: BenchBot['slack']['calls'][number]) => boolean) {
  for (let waited = 0; waited < 60_000; waited += 10) {
    const found = bot.slack.calls.find(matches);
    if (found) return found;
    await delay(10);
  }
  throw new Error('no such Slack call within 60 s');
}

async function trial(main?: string): Promise<ActTrial> {
  const bot = await startBenchBot({ machines: 'talos-prod', main });
  try {
    await bot.omni.injectFault({ match: ['delete'], delayMs: TEARDOWN_MS });
    const from = bot.slack.calls.length;
    await bot.command(`delete-clustermachine ${W3} VM deleted in Proxmox`, {
      userId: USERS.alice,
      channelId: CHANNEL,
    });
    const cardCall = await waitForCall(
      bot,
      (c) =>
        bot.slack.calls.indexOf(c) >= from &&
        c.method === 'chat.postMessage' &&
        /approval needed/.test(String(c.params.text)),
    );
    const card = storedMessage(bot.slack, cardCall);
    // The card's own reads are done; let the bot go quiet before the click.
    await delay(500);
    const clickedAt = Date.now();
    await bot.click(card, 'approval.approve', USERS.bob);
    const summary = await waitForCall(
      bot,
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === card.ts &&
        /Succeeded|Failed|Cancelled/.test(String(c.params.text)),
    );
    const calls = bot.recorder.calls(clickedAt);
    const firstMutating = calls.find((c) => !READ_ONLY.test(c.args[0] ?? ''));
    if (!firstMutating) throw new Error('the run started no mutating omnictl call');
    const replanReads = calls.filter((c) => c.startMs < firstMutating.startMs);
    const runCalls = calls.filter((c) => c.endMs <= summary.at);
    return {
      actMs: firstMutating.startMs - clickedAt,
      actFloorMs: await replayReads(bot, replanReads),
      replanReads: replanReads.length,
      runWallMs: summary.at - clickedAt,
      omniBusyMs: busyMs(runCalls),
      omnictlCalls: runCalls.length,
      succeeded: /Succeeded/.test(String(summary.params.text)),
      firstMutating: firstMutating.args.slice(0, 3).join(' '),
    };
  } finally {
    await bot.stop();
  }
}

const { trials, main } = JSON.parse(process.argv[2] ?? '{}') as { trials: number; main?: string };
const results: ActTrial[] = [];
for (let t = 0; t < trials; t += 1) results.push(await trial(main));
const result: ActResult = { teardownMs: TEARDOWN_MS, trials: results };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);

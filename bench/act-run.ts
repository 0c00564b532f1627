import type { ActResult, ActTrial } from './act-types.js';
import { approveRemoval, READ_ONLY } from './approve-removal.js';
import { sized } from './quick.js';
import type { OmnictlCall } from './recording-omnictl.js';
import { replayReads } from './replay-reads.js';
import { startBenchBot } from './start-bench-bot.js';

const TEARDOWN_MS = sized(3_000, 300);

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

async function trial(main?: string): Promise<ActTrial> {
  const bot = await startBenchBot({ machines: 'talos-prod', main });
  try {
    await bot.omni.injectFault({ match: ['delete'], delayMs: TEARDOWN_MS });
    const { clickedAt, summary } = await approveRemoval(bot);
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

import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { requestCard } from '../support/approval-flow.js';
import { type Harness, USERS } from '../support/bot-harness.js';
import { startFaultHarness } from '../support/fault-harness.js';

// A step that prints without end: Slack's acks must keep leaving within 3 s, and the bot must not
// hold the output. The flood comes from the fake omnictl, streamed (never held by the fake either).
const MB = 1024 * 1024;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

type Flood = { bytes: number; lineBytes?: number };

/** Runs a removal whose first step floods stdout; meanwhile asks `/omni help` every 100 ms. */
async function floodDuringRun(flood: Flood) {
  harness = await startFaultHarness({
    overrides: { stepTimeouts: { commandMs: 300_000, waitMs: 60_000, pollMs: 5_000 } },
  });
  const h = harness;
  await h.omni.injectFault({ match: ['delete', 'clustermachines'], flood, times: 1 });
  const card = await requestCard(h);
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const acks: number[] = [];
  let finished = false;

  await h.click(card, ACTION.approve, { userId: USERS.bob });
  const summary = h.slack
    .waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === card.ts &&
        /Succeeded|Failed|Cancelled/.test(String(c.params.text)),
      { timeoutMs: 240_000 },
    )
    .finally(() => {
      finished = true;
    });
  const probing = (async () => {
    while (!finished) {
      const ack = await h.command('help', { userId: USERS.carol });
      acks.push(ack.ms);
      peak = Math.max(peak, process.memoryUsage().rss);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const sampling = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const done = await summary.finally(() => clearInterval(sampling));
  await probing;
  const growthMb = (peak - baseline) / MB;
  const worstAckMs = Math.max(...acks);
  const sorted = [...acks].sort((a, b) => a - b);
  const p50 = sorted[Math.floor(sorted.length / 2)] ?? 0;
  console.log(
    `flood ${flood.bytes / MB} MB (lines of ${flood.lineBytes ?? 'no newline'}): ${acks.length} acks, median ${p50.toFixed(0)} ms, worst ${worstAckMs.toFixed(0)} ms; RSS growth ${growthMb.toFixed(0)} MB`,
  );
  return { text: String(done.params.text), acks, worstAckMs, growthMb };
}

describe('a step that floods its output', () => {
  it('16 MB without a newline: acks stay under 3 s, the run goes on and succeeds', async () => {
    const { text, acks, worstAckMs, growthMb } = await floodDuringRun({ bytes: 16 * MB });

    expect(text).toContain('Succeeded');
    expect(acks.length).toBeGreaterThan(0);
    expect(worstAckMs).toBeLessThan(3_000);
    expect(growthMb).toBeLessThan(200);
  }, 120_000);

  it('1 GB of output: acks stay under 3 s and memory stays bounded', async () => {
    const { text, acks, worstAckMs, growthMb } = await floodDuringRun({ bytes: 1024 * MB, lineBytes: 1_000 });

    expect(text).toContain('Succeeded');
    expect(acks.length).toBeGreaterThan(0);
    expect(worstAckMs).toBeLessThan(3_000);
    expect(growthMb).toBeLessThan(200);
  }, 300_000);
});

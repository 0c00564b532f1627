// Time to alert: the provider disconnects in Omni → the alert is posted in the incident channel,
// against its bound WATCH_INTERVAL × (grace + 1) (grace = 2 intervals): the watcher sees it at its
// next poll, and alerts once it has held for the grace period.
// Usage: node --import tsx bench/alert-run.ts '{"trials":3,"intervalMs":2000}'
import { setTimeout as delay } from 'node:timers/promises';
import { INCIDENTS } from '../test/support/bot-harness.js';
import type { AlertResult } from './alert-types.js';
import { startBenchBot } from './start-bench-bot.js';

const { trials, intervalMs } = JSON.parse(process.argv[2] ?? '{}') as { trials: number; intervalMs: number };
const boundMs = intervalMs * 3;
const samples: number[] = [];
for (let t = 0; t < trials; t += 1) {
  const bot = await startBenchBot({
    machines: 100,
    stuckRatio: 0,
    extraEnv: { WATCH_INTERVAL: `${intervalMs}ms` },
  });
  try {
    await bot.omni.setProviderConnected(true);
    // Two polls of a healthy fleet first, so the watcher is in its steady state.
    await delay(intervalMs * 2);
    const appearedAt = Date.now();
    await bot.omni.setProviderConnected(false);
    let alertAt: number | undefined;
    while (alertAt === undefined && Date.now() - appearedAt < boundMs * 3) {
      alertAt = bot.slack.calls.find(
        (c) => c.method === 'chat.postMessage' && c.params.channel === INCIDENTS && c.at >= appearedAt,
      )?.at;
      await delay(10);
    }
    if (alertAt === undefined) throw new Error(`no alert within ${boundMs * 3} ms`);
    samples.push(alertAt - appearedAt);
  } finally {
    await bot.stop();
  }
}
const result: AlertResult = { intervalMs, boundMs, samples };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);

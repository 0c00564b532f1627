// The shutdown order of a running bot: stop taking work, stop reads, let running steps finish
// (bounded), wait for every omnictl process and a kept message in flight, then close the database.
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from './logger.js';
import type { OutboxDelivery } from './notify/create-outbox-delivery.js';
import type { ShutdownOmnictl } from './omni/stop-reads-on-shutdown.js';
import type { Running } from './recovery/approval-deps.js';
import type { Store } from './store/create-store.js';

type BotParts = {
  timers: NodeJS.Timeout[];
  slackApp: { stop(): Promise<void> };
  draining: AbortController;
  omnictlCalls: ShutdownOmnictl;
  watcher?: { stop(): Promise<void> };
  // The check for other replicas' runs to take over (issue #16).
  takeover?: { stop(): Promise<void> };
  probing: () => Promise<unknown>;
  runs: Pick<Running, 'inFlight' | 'active'>;
  shutdownGraceMs: number;
  keptMessages: OutboxDelivery;
  store: Store;
  logger: Logger;
};

// True when the work ended within `ms`; the timer alone never holds the process.
async function endsWithin(ms: number, work: Promise<unknown>): Promise<boolean> {
  return (await Promise.race([work.then(() => 'done'), delay(ms, 'timeout', { ref: false })])) === 'done';
}

export async function stopBot(parts: BotParts): Promise<void> {
  const { logger } = parts;
  for (const timer of parts.timers) clearInterval(timer);
  await parts.slackApp.stop();
  parts.draining.abort();
  parts.omnictlCalls.stopReads();
  await parts.watcher?.stop();
  await parts.takeover?.stop();
  await parts.probing();
  const runs = [...(parts.runs.inFlight ?? [])];
  if (runs.length > 0) {
    logger.info({ runs: runs.length }, 'waiting for running steps to finish');
    if (!(await endsWithin(parts.shutdownGraceMs, Promise.allSettled(runs)))) {
      logger.warn(
        { runs: runs.length },
        'steps still running at shutdown were stopped; they are reported interrupted at the next start',
      );
      for (const controller of parts.runs.active.values()) controller.abort();
      await endsWithin(2_000, Promise.allSettled(runs));
    }
  }
  // Bounded by the kill grace of an aborted call (5 s) plus time to reap it.
  if (!(await endsWithin(7_000, parts.omnictlCalls.idle())))
    logger.warn('omnictl calls were still running when the bot stopped');
  // A kept message being posted may wait on Slack's retries; past this bound it stays kept and goes
  // out at the next start.
  if (!(await endsWithin(5_000, parts.keptMessages.stop())))
    logger.warn('a kept message was still being sent to Slack when the bot stopped');
  await parts.store.close();
  logger.info('omni-chatops stopped');
}

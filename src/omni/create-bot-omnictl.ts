import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createOmnictl, type OmnictlOptions } from './run-omnictl.js';
import { shareReads } from './share-reads.js';
import { type ShutdownOmnictl, stopReadsOnShutdown } from './stop-reads-on-shutdown.js';

// Outcomes that mean Omni itself is out of reach for the bot (readiness goes down), not one bad call.
const OMNI_DOWN = new Set<string>([
  'missing',
  'key-expired',
  'key-rejected',
  'unreachable',
  'version-mismatch',
  'permission-denied',
]);

/**
 * omnictl as the running bot uses it: at most 4 processes at once for reads and 4 for the steps of
 * runs (never queued behind reads); identical reads in flight shared; stopping the bot ends its
 * reads and waits for every process. A process starts at once: waiting for Slack to be quiet made
 * every answer and every approval about 100 ms slower and kept no ack nearer Slack's 3 s
 * (docs/decisions/0010-what-people-feel.md).
 */
export function createBotOmnictl(options: {
  omni: Config['omni'];
  logger: Logger;
  onCall: NonNullable<OmnictlOptions['onCall']>;
  onOmniHealth: (ok: boolean, detail?: string) => void;
}) {
  const calls: ShutdownOmnictl = stopReadsOnShutdown(
    createOmnictl({
      ...options.omni,
      timeoutMs: 60_000,
      logger: options.logger.child({ component: 'omnictl' }),
      onCall: (event) => {
        options.onCall(event);
        if (event.outcome === 'ok') options.onOmniHealth(true);
        else if (OMNI_DOWN.has(event.outcome))
          options.onOmniHealth(false, `omnictl failing: ${event.outcome}`);
      },
    }),
  );
  const omnictl = shareReads(calls.omnictl, { maxParallel: 4, maxParallelRuns: 4 });
  return { omnictl, calls };
}

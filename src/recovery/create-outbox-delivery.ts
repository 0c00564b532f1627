import type { Logger } from 'pino';
import type { SlackMessage } from '../slack/views/block-kit.js';
import type { Store } from '../store/create-store.js';

export type OutboxDeps = {
  outbox: Store['outbox'];
  post: (
    channel: string,
    message: SlackMessage,
    threadTs?: string,
  ) => Promise<{ ok: true } | { ok: false; error: string }>;
  logger: Logger;
};

export type OutboxDelivery = {
  // One pass; resolves to how many messages Slack took.
  deliver(): Promise<number>;
  // No pass starts after this; a pass in flight ends after the message it is posting, so the row of a
  // message Slack took is removed before the database closes (else it would go out again at the next start).
  stop(): Promise<void>;
};

/**
 * Sends again the thread messages Slack refused (oldest first); each leaves the outbox once Slack
 * takes it. A pass stops at the first refusal: Slack is still down, the rest wait for the next one.
 */
export function createOutboxDelivery(deps: OutboxDeps): OutboxDelivery {
  // One pass at a time: a slow pass and the next sweep must not post the same message twice.
  let delivering: Promise<number> | undefined;
  let stopped = false;
  const pass = async () => {
    let delivered = 0;
    for (const entry of deps.outbox.pending()) {
      if (stopped) break;
      const error = await deps
        .post(entry.channel, entry.message as SlackMessage, entry.threadTs ?? undefined)
        .then(
          (posted) => (posted.ok ? undefined : posted.error),
          (thrown: unknown) => (thrown instanceof Error ? thrown.message : String(thrown)),
        );
      if (error !== undefined) {
        deps.outbox.failed(entry.id, error);
        deps.logger.warn(
          { what: entry.what, runId: entry.runId, error, attempts: entry.attempts + 1 },
          'Slack still refuses a kept thread message',
        );
        break;
      }
      deps.outbox.delivered(entry.id);
      delivered += 1;
      deps.logger.info({ what: entry.what, runId: entry.runId }, 'kept thread message delivered');
    }
    return delivered;
  };
  return {
    deliver() {
      if (stopped) return Promise.resolve(0);
      delivering ??= pass().finally(() => {
        delivering = undefined;
      });
      return delivering;
    },
    async stop() {
      stopped = true;
      await delivering?.catch(() => undefined);
    },
  };
}

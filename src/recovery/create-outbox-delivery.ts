import type { Logger } from 'pino';
import { type MessageSender, sendMessage } from '../slack/send-message.js';
import type { SlackMessage } from '../slack/views/block-kit.js';
import type { Store } from '../store/create-store.js';

export type OutboxDeps = {
  outbox: Store['outbox'];
  slack: MessageSender;
  logger: Logger;
};

export type OutboxDelivery = {
  // One pass; resolves to how many messages Slack took.
  deliver(): Promise<number>;
  // No pass starts after this; a pass in flight ends after the message it is posting, so the row of a
  // message Slack took is removed before the database closes (else it would go out again at the next start).
  stop(): Promise<void>;
};

// Answers that mean Slack as a whole is not taking messages now: the pass stops, and the rest wait.
// Any other refusal is about that one message (an archived channel, a deleted card): the pass goes on.
const SLACK_UNAVAILABLE = new Set([
  'ratelimited',
  'fatal_error',
  'internal_error',
  'service_unavailable',
  'request_timeout',
]);

// A message Slack keeps refusing for its own reasons is given up after this many attempts (about 10
// minutes of sweeps), with an error log line, so it cannot retry forever.
export const MAX_REFUSALS = 20;

/**
 * Sends again the messages Slack refused (oldest first): new posts, and final edits of messages
 * already posted. Each leaves the outbox once Slack takes it. A pass stops when Slack is unreachable
 * or busy; the rest wait for the next pass.
 */
export function createOutboxDelivery(deps: OutboxDeps): OutboxDelivery {
  // One pass at a time: a slow pass and the next sweep must not post the same message twice.
  let delivering: Promise<number> | undefined;
  let stopped = false;
  const pass = async () => {
    let delivered = 0;
    for (const entry of deps.outbox.pending()) {
      if (stopped) break;
      const refusal = await sendMessage(deps.slack, entry, entry.message as SlackMessage);
      const log = {
        what: entry.what,
        runId: entry.runId,
        channel: entry.channel,
        attempts: entry.attempts + 1,
      };
      if (refusal === undefined) {
        deps.outbox.remove(entry.id);
        delivered += 1;
        deps.logger.info(log, 'kept message delivered');
        continue;
      }
      const unavailable = refusal.thrown || SLACK_UNAVAILABLE.has(refusal.error);
      if (!unavailable && entry.attempts + 1 >= MAX_REFUSALS) {
        deps.outbox.remove(entry.id);
        deps.logger.error(
          { ...log, error: refusal.error },
          'kept message given up: Slack refused it every time',
        );
        continue;
      }
      deps.outbox.failed(entry.id, refusal.error);
      deps.logger.warn({ ...log, error: refusal.error }, 'Slack still refuses a kept message');
      if (unavailable) break;
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

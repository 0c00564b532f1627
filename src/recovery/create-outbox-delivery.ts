import type { Logger } from 'pino';
import type { SlackMessage } from '../slack/views/block-kit.js';
import type { Store } from '../store/create-store.js';

type Sent = { ok: true } | { ok: false; error: string };

export type OutboxDeps = {
  outbox: Store['outbox'];
  post: (channel: string, message: SlackMessage, threadTs?: string) => Promise<Sent>;
  update: (channel: string, ts: string, message: SlackMessage) => Promise<Sent>;
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
      const message = entry.message as SlackMessage;
      const sent = entry.editTs
        ? deps.update(entry.channel, entry.editTs, message)
        : deps.post(entry.channel, message, entry.threadTs ?? undefined);
      const refusal = await sent.then(
        (answer) =>
          answer.ok ? undefined : { error: answer.error, unavailable: SLACK_UNAVAILABLE.has(answer.error) },
        (thrown: unknown) => ({
          error: thrown instanceof Error ? thrown.message : String(thrown),
          unavailable: true,
        }),
      );
      const log = {
        what: entry.what,
        runId: entry.runId,
        channel: entry.channel,
        attempts: entry.attempts + 1,
      };
      if (refusal === undefined) {
        deps.outbox.delivered(entry.id);
        delivered += 1;
        deps.logger.info(log, 'kept message delivered');
        continue;
      }
      if (!refusal.unavailable && entry.attempts + 1 >= MAX_REFUSALS) {
        deps.outbox.delivered(entry.id);
        deps.logger.error(
          { ...log, error: refusal.error },
          'kept message given up: Slack refused it every time',
        );
        continue;
      }
      deps.outbox.failed(entry.id, refusal.error);
      deps.logger.warn({ ...log, error: refusal.error }, 'Slack still refuses a kept message');
      if (refusal.unavailable) break;
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

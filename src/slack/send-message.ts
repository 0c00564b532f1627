import type { Refusal } from '../notify/create-outbox-delivery.js';
import type { SlackMessage } from './views/block-kit.js';

type Answer = Promise<{ ok: true } | { ok: false; error: string }>;

export type MessageSender = {
  post(channel: string, message: SlackMessage, threadTs?: string): Answer;
  update(channel: string, ts: string, message: SlackMessage): Answer;
};

export type SendTarget = { channel: string; threadTs?: string | null; editTs?: string | null };

// Answers that mean Slack as a whole is not taking messages now (the rest should wait). Any other
// refusal is about that one message (an archived channel, a deleted card).
const SLACK_UNAVAILABLE = new Set([
  'ratelimited',
  'fatal_error',
  'internal_error',
  'service_unavailable',
  'request_timeout',
]);

/**
 * Posts the message (or, with `editTs`, edits that message); resolves to Slack's refusal, if any:
 * its error code, or the message of a transport error once the client's retries are spent, which
 * like a busy Slack means Slack is unavailable.
 */
export function sendMessage(
  slack: MessageSender,
  target: SendTarget,
  message: SlackMessage,
): Promise<Refusal | undefined> {
  const sent = target.editTs
    ? slack.update(target.channel, target.editTs, message)
    : slack.post(target.channel, message, target.threadTs ?? undefined);
  return sent.then(
    (answer) =>
      answer.ok ? undefined : { error: answer.error, unavailable: SLACK_UNAVAILABLE.has(answer.error) },
    (thrown: unknown) => ({
      error: thrown instanceof Error ? thrown.message : String(thrown),
      unavailable: true,
    }),
  );
}

import type { SlackMessage } from './views/block-kit.js';

type Answer = Promise<{ ok: true } | { ok: false; error: string }>;

export type MessageSender = {
  post(channel: string, message: SlackMessage, threadTs?: string): Answer;
  update(channel: string, ts: string, message: SlackMessage): Answer;
};

export type SendTarget = { channel: string; threadTs?: string | null; editTs?: string | null };

// Slack's refusal: its error code, or the message of a transport error once the client's retries
// are spent (`thrown`).
export type Refusal = { error: string; thrown: boolean };

/** Posts the message (or, with `editTs`, edits that message); resolves to Slack's refusal, if any. */
export function sendMessage(
  slack: MessageSender,
  target: SendTarget,
  message: SlackMessage,
): Promise<Refusal | undefined> {
  const sent = target.editTs
    ? slack.update(target.channel, target.editTs, message)
    : slack.post(target.channel, message, target.threadTs ?? undefined);
  return sent.then(
    (answer) => (answer.ok ? undefined : { error: answer.error, thrown: false }),
    (thrown: unknown) => ({ error: thrown instanceof Error ? thrown.message : String(thrown), thrown: true }),
  );
}

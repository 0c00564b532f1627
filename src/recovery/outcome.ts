// What a use case tells the chat layer: a value, or a problem whose message is safe to show. The
// message is text, never mrkdwn (it may quote omnictl or a hostname); `mentions` are the Slack users
// it names itself as `<@U…>`, which the chat layer shows as mentions.
export type Problem = { kind: string; message: string; mentions?: readonly string[] };
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export function succeed<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail<T>(kind: string, message: string, mentions?: readonly string[]): Outcome<T> {
  return { ok: false, problem: mentions ? { kind, message, mentions } : { kind, message } };
}

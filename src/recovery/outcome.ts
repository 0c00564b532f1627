// What a use case tells the chat layer: a value, or a problem whose message is safe to show.
export type Problem = { kind: string; message: string };
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export function succeed<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail<T>(kind: string, message: string): Outcome<T> {
  return { ok: false, problem: { kind, message } };
}

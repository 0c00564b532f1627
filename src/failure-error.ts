/**
 * A failure as a value, the way omnictl and SSH calls return them: its kind (what an operator has
 * to do about it), a sentence for people (safe to post in Slack) and the detail (for logs).
 */
export type Failure<Kind extends string = string> = { kind: Kind; message: string; detail: string };

/** The thrown form of a Failure, for the few calls that must throw; `toFailure()` gives the value back. */
export class FailureError<Kind extends string> extends Error {
  readonly kind: Kind;
  readonly userMessage: string;
  readonly detail: string;

  constructor(source: string, failure: Failure<Kind>, options?: { cause?: unknown }) {
    super(`${source} ${failure.kind}: ${failure.detail}`, options);
    this.kind = failure.kind;
    this.userMessage = failure.message;
    this.detail = failure.detail;
  }

  toFailure(): Failure<Kind> {
    return { kind: this.kind, message: this.userMessage, detail: this.detail };
  }
}

import type { OmniFailure, OmniFailureKind } from './omni-failure.js';

/**
 * Thrown only when Omni access itself is broken (omnictl missing, unreadable output, a `get`
 * that failed); a failed `run` is returned as a value instead.
 */
export class OmniError extends Error {
  readonly kind: OmniFailureKind;
  readonly userMessage: string;
  readonly detail: string;

  constructor(failure: OmniFailure, options?: { cause?: unknown }) {
    super(`omnictl ${failure.kind}: ${failure.detail}`, options);
    this.name = 'OmniError';
    this.kind = failure.kind;
    this.userMessage = failure.message;
    this.detail = failure.detail;
  }

  toFailure(): OmniFailure {
    return { kind: this.kind, message: this.userMessage, detail: this.detail };
  }
}

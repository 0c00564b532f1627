import { FailureError } from '../failure-error.js';
import type { OmniFailure, OmniFailureKind } from './omni-failure.js';

/**
 * Thrown only when Omni access itself is broken (omnictl missing, unreadable output, a `get`
 * that failed); a failed `run` is returned as a value instead.
 */
export class OmniError extends FailureError<OmniFailureKind> {
  constructor(failure: OmniFailure, options?: { cause?: unknown }) {
    super('omnictl', failure, options);
    this.name = 'OmniError';
  }
}

import type { SshFailure, SshFailureKind } from './ssh-failure.js';

/** Thrown by the SFTP file operations; a failed command or connection is returned as a value instead. */
export class SshError extends Error {
  readonly kind: SshFailureKind;
  readonly userMessage: string;
  readonly detail: string;

  constructor(failure: SshFailure, options?: { cause?: unknown }) {
    super(`ssh ${failure.kind}: ${failure.detail}`, options);
    this.name = 'SshError';
    this.kind = failure.kind;
    this.userMessage = failure.message;
    this.detail = failure.detail;
  }

  toFailure(): SshFailure {
    return { kind: this.kind, message: this.userMessage, detail: this.detail };
  }
}

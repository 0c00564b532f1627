import { FailureError } from '../../failure-error.js';
import type { SshFailure, SshFailureKind } from './ssh-failure.js';

/** Thrown by the SFTP file operations; a failed command or connection is returned as a value instead. */
export class SshError extends FailureError<SshFailureKind> {
  constructor(failure: SshFailure, options?: { cause?: unknown }) {
    super('ssh', failure, options);
    this.name = 'SshError';
  }
}

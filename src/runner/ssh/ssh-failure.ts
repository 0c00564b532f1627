/** Why an SSH action failed, grouped by what an operator has to do about it. */
export type SshFailureKind =
  | 'unreachable'
  | 'auth-refused'
  | 'host-key-mismatch'
  | 'timeout'
  | 'aborted'
  | 'command-not-found'
  | 'exit'
  | 'sftp';

export type SshFailure = {
  kind: SshFailureKind;
  /** Plain words naming the cause and the fix; safe to post in Slack. */
  message: string;
  /** The underlying error text or output tail; for logs. */
  detail: string;
};

export function isSshFailure(value: unknown): value is SshFailure {
  return (
    typeof value === 'object' && value !== null && 'kind' in value && 'message' in value && 'detail' in value
  );
}

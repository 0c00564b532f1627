type ProxmoxFailureKind =
  | 'unreachable'
  | 'tls-pin-mismatch'
  | 'tls-untrusted'
  | 'token-rejected'
  | 'forbidden'
  | 'timeout'
  | 'aborted'
  | 'bad-response'
  | 'server-error';

/**
 * Proxmox could not be read. `userMessage` is safe to show (it names the host and what to check,
 * never the token); `detail` is for the log.
 */
export class ProxmoxError extends Error {
  readonly kind: ProxmoxFailureKind;
  readonly userMessage: string;

  constructor(kind: ProxmoxFailureKind, userMessage: string, options?: { cause?: unknown }) {
    super(`proxmox ${kind}: ${userMessage}`, options);
    this.name = 'ProxmoxError';
    this.kind = kind;
    this.userMessage = userMessage;
  }
}

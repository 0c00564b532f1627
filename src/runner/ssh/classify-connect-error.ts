import type { SshFailure } from './ssh-failure.js';
import type { SshTarget } from './ssh-types.js';

type ConnectContext = {
  target: SshTarget;
  connectTimeoutMs: number;
  /** Set when the host verifier refused the offered key. */
  offeredHostKey?: string;
};

/** Decides why connecting to the provider host failed; the message names the fix. */
export function classifyConnectError(error: unknown, context: ConnectContext): SshFailure {
  const { target, offeredHostKey } = context;
  const where = `${target.host}:${target.port}`;
  const detail = describeError(error);
  const code = errorField(error, 'code');
  const level = errorField(error, 'level');

  if (offeredHostKey !== undefined) {
    return {
      kind: 'host-key-mismatch',
      message: `The provider host ${where} offered host key ${offeredHostKey}, but the bot expects ${target.hostKey} (PROVIDER_SSH_HOST_KEY). The bot refused to connect and ran nothing. If the host was reinstalled or its key changed, confirm the new fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and update PROVIDER_SSH_HOST_KEY; otherwise treat it as a possible interception.`,
      detail,
    };
  }
  if (
    /privateKeyPath does not exist|Cannot parse privateKey|private key/i.test(detail) ||
    code === 'EACCES'
  ) {
    return {
      kind: 'auth-refused',
      message: `The bot cannot use its SSH key ${target.keyFile} (PROVIDER_SSH_KEY_FILE): the file is missing, unreadable or not an unencrypted private key. Fix the path or the file.`,
      detail,
    };
  }
  if (level === 'client-authentication' || /All configured authentication methods failed/.test(detail)) {
    return {
      kind: 'auth-refused',
      message: `The provider host ${where} refused the bot's SSH key for user ${target.user}. Add the bot's public key to that user's authorized_keys on the host, or fix PROVIDER_SSH_USER / PROVIDER_SSH_KEY_FILE.`,
      detail,
    };
  }
  return { kind: 'unreachable', message: unreachableMessage(where, code, level, detail, context), detail };
}

function unreachableMessage(
  where: string,
  code: string | undefined,
  level: string | undefined,
  detail: string,
  context: ConnectContext,
): string {
  const fix = 'Check PROVIDER_SSH_HOST / PROVIDER_SSH_PORT, the network, and that sshd runs on the host.';
  if (code === 'ECONNREFUSED')
    return `The provider host ${where} refused the SSH connection: nothing listens on that port. ${fix}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /getaddrinfo/.test(detail)) {
    return `The bot cannot resolve the provider host name ${context.target.host}. Check PROVIDER_SSH_HOST and DNS.`;
  }
  if (
    code === 'ETIMEDOUT' ||
    level === 'client-timeout' ||
    /Timed out|No response from server/.test(detail)
  ) {
    const seconds = Math.round(context.connectTimeoutMs / 1_000);
    return `The provider host ${where} did not answer SSH within ${seconds} s. ${fix}`;
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return `The provider host ${where} is unreachable from the bot. ${fix}`;
  return `The bot could not open an SSH connection to the provider host ${where}. ${fix}`;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function errorField(error: unknown, field: 'code' | 'level'): string | undefined {
  if (typeof error !== 'object' || error === null || !(field in error)) return undefined;
  const value = (error as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

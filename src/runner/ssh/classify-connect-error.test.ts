import { describe, expect, it } from 'vitest';
import { classifyConnectError } from './classify-connect-error.js';
import type { SshTarget } from './ssh-types.js';

const target: SshTarget = {
  host: 'omni-provider',
  port: 22,
  user: 'root',
  keyFile: '/secrets/id_ed25519',
  hostKey: 'SHA256:8dQlyQrbkrsGJa1lY/hMmFNFqwqzRSdMrw6XVVJB5nI',
};
const context = { target, connectTimeoutMs: 10_000 };

function sshError(message: string, fields: { code?: string; level?: string } = {}): Error {
  return Object.assign(new Error(message), fields);
}

describe('classifyConnectError', () => {
  it.each([
    [
      'connection refused',
      sshError('connect ECONNREFUSED 10.0.0.5:22', { code: 'ECONNREFUSED', level: 'client-socket' }),
      'unreachable',
      /refused the SSH connection/,
    ],
    [
      'TCP timeout',
      sshError('connect ETIMEDOUT 10.0.0.5:22', { code: 'ETIMEDOUT' }),
      'unreachable',
      /did not answer SSH within 10 s/,
    ],
    [
      'handshake timeout',
      sshError('Timed out while waiting for handshake', { level: 'client-timeout' }),
      'unreachable',
      /within 10 s/,
    ],
    [
      'no route',
      sshError('connect EHOSTUNREACH 10.0.0.5:22', { code: 'EHOSTUNREACH' }),
      'unreachable',
      /is unreachable/,
    ],
    [
      'unknown name',
      sshError('getaddrinfo ENOTFOUND omni-provider', { code: 'ENOTFOUND' }),
      'unreachable',
      /cannot resolve the provider host name omni-provider/,
    ],
    [
      'key refused',
      sshError('All configured authentication methods failed', { level: 'client-authentication' }),
      'auth-refused',
      /refused the bot's SSH key for user root/,
    ],
    [
      'key file missing',
      sshError('config.privateKeyPath does not exist at given fs path'),
      'auth-refused',
      /\/secrets\/id_ed25519 \(PROVIDER_SSH_KEY_FILE\)/,
    ],
    [
      'key file unparsable',
      sshError('Cannot parse privateKey: Unsupported key format'),
      'auth-refused',
      /not an unencrypted private key/,
    ],
    [
      'anything else',
      sshError('Handshake failed: no matching key exchange algorithm'),
      'unreachable',
      /could not open an SSH connection/,
    ],
  ] as const)('classifies %s', (_name, error, kind, message) => {
    const failure = classifyConnectError(error, context);

    expect(failure.kind).toBe(kind);
    expect(failure.message).toMatch(message);
    expect(failure.detail).toBe(error.message);
  });

  it('names the offered and the expected fingerprint on a host-key mismatch', () => {
    const failure = classifyConnectError(
      sshError('Host denied (verification failed)', { level: 'handshake' }),
      {
        ...context,
        offeredHostKey: 'SHA256:GhZJGXhISh6wS8tX2ObCZcLIdSUDSuonkP5qSHI9ynE',
      },
    );

    expect(failure.kind).toBe('host-key-mismatch');
    expect(failure.message).toContain('offered host key SHA256:GhZJGXhISh6wS8tX2ObCZcLIdSUDSuonkP5qSHI9ynE');
    expect(failure.message).toContain(`expects ${target.hostKey} (PROVIDER_SSH_HOST_KEY)`);
    expect(failure.message).toContain('ran nothing');
  });
});

import { createHash } from 'node:crypto';

/**
 * The SHA256 fingerprint of a host key blob (the SSH wire-format public key), written the way
 * `ssh-keygen -lf` prints it: `SHA256:` + unpadded base64.
 */
export function hostKeyFingerprint(keyBlob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Compares a computed fingerprint with the configured one, forgiving padding and spaces. */
export function isSameFingerprint(offered: string, expected: string): boolean {
  const normalize = (text: string) => text.trim().replace(/=+$/, '');
  return normalize(offered) === normalize(expected);
}

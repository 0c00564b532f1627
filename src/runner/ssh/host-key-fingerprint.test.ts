import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostKeyFingerprint, isSameFingerprint } from './host-key-fingerprint.js';

// Public keys and the fingerprints `ssh-keygen -lf` printed for them.
const known: [type: string, publicKey: string, fingerprint: string][] = [
  [
    'ed25519',
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKsI76s5kXubeofL2qoAagTudsLn3KiC9xLzUmqDl4So known-test-key',
    'SHA256:8dQlyQrbkrsGJa1lY/hMmFNFqwqzRSdMrw6XVVJB5nI',
  ],
  [
    'rsa',
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCnDm4GnDtmm4hohKGqukvCCBFUIdadmEDjVD48p/GLGlB+NaGcVnLrJcAaiPx9ZtcL/xWKJy7epiF1eN9p/yTagkG9qOf7QjgWqQ7kJSEc3YfcjR21KNJSETO7Zwm8eiq2ffjsE3rGBfwYTzK7s9MOw63s/6nwB3WIOmZJIEqqjQ== known-rsa',
    'SHA256:P0R45ZZ7LbAJfrca1GswAkYT7AjmEOy30mhmNcSHJsY',
  ],
];

function keyBlob(publicKeyLine: string): Buffer {
  return Buffer.from(publicKeyLine.split(' ')[1] ?? '', 'base64');
}

function hasSshKeygen(): boolean {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== 'ENOENT';
  }
}

describe('hostKeyFingerprint', () => {
  it.each(known)('matches ssh-keygen -lf for a known %s key', (_type, publicKey, fingerprint) => {
    expect(hostKeyFingerprint(keyBlob(publicKey))).toBe(fingerprint);
  });

  it.skipIf(!hasSshKeygen())('matches ssh-keygen -lf for a freshly generated key', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fingerprint-'));
    try {
      const keyFile = path.join(dir, 'key');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
      const printed = execFileSync('ssh-keygen', ['-lf', `${keyFile}.pub`], { encoding: 'utf8' });

      const fingerprint = hostKeyFingerprint(keyBlob(readFileSync(`${keyFile}.pub`, 'utf8')));

      expect(printed).toContain(` ${fingerprint} `);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no base64 padding', () => {
    expect(hostKeyFingerprint(Buffer.from('x'))).not.toMatch(/=$/);
  });
});

describe('isSameFingerprint', () => {
  it.each([
    ['SHA256:abc', 'SHA256:abc', true],
    ['SHA256:abc', ' SHA256:abc= ', true],
    ['SHA256:abc', 'SHA256:ABC', false],
    ['SHA256:abc', 'SHA256:abd', false],
    ['SHA256:abc', '', false],
  ])('%s vs %j → %s', (offered, expected, same) => {
    expect(isSameFingerprint(offered, expected)).toBe(same);
  });
});

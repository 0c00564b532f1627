import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type KeyPair = { privatePath: string; publicPath: string; fingerprint: string };

// A throwaway ed25519 key without a passphrase, and its fingerprint as `ssh-keygen -lf` prints it.
export async function generateKeyPair(dir: string, name: string): Promise<KeyPair> {
  const privatePath = path.join(dir, name);
  await run('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    `omni-chatops-test-${name}`,
    '-f',
    privatePath,
  ]);
  const publicPath = `${privatePath}.pub`;
  return { privatePath, publicPath, fingerprint: await fingerprintOf(publicPath) };
}

// `ssh-keygen -lf` prints "256 SHA256:… comment (ED25519)".
export async function fingerprintOf(publicKeyPath: string): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyPath]);
  const fingerprint = /\bSHA256:\S+/.exec(stdout)?.[0];
  if (fingerprint === undefined) throw new Error(`ssh-keygen -lf printed no SHA256 fingerprint: ${stdout}`);
  return fingerprint;
}

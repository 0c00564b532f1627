import { accessSync, constants } from 'node:fs';
import path from 'node:path';

// sshd lives in /usr/sbin, which a non-root PATH often leaves out.
export function findSshd(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const candidate = path.resolve(dir, 'sshd');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next directory
    }
  }
  return undefined;
}

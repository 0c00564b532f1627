import { accessSync, constants } from 'node:fs';
import path from 'node:path';

// sshd lives in /usr/sbin, which a non-root PATH often leaves out.
const SBIN_DIRS = ['/usr/sbin', '/usr/local/sbin'];

export function findSshd(
  env: NodeJS.ProcessEnv = process.env,
  extraDirs: readonly string[] = SBIN_DIRS,
): string | undefined {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...extraDirs];
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

/** The sshd to run, or undefined to skip the SSH tests; under CI=true a missing sshd is an error. */
export function sshdOrSkip(
  env: NodeJS.ProcessEnv = process.env,
  find = () => findSshd(env),
): string | undefined {
  const sshd = find();
  if (sshd !== undefined) return sshd;
  const why = 'sshd (openssh-server) was not found in PATH or /usr/sbin';
  if (env.CI === 'true')
    throw new Error(`${why}; under CI=true the SSH tests must run. Install openssh-server.`);
  console.warn(`SSH tests skipped: ${why}. Install openssh-server to run them.`);
  return undefined;
}

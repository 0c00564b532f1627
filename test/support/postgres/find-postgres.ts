import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';

// Debian's postgresql package keeps the server binaries out of PATH, one directory per major version.
const DEBIAN_ROOT = '/usr/lib/postgresql';

/** The directory holding `initdb` and `postgres`: PATH first, then the newest Debian version. */
export function findPostgresBinDir(
  env: NodeJS.ProcessEnv = process.env,
  debianRoot: string = DEBIAN_ROOT,
): string | undefined {
  const debianDirs = versionsNewestFirst(debianRoot).map((version) => path.join(debianRoot, version, 'bin'));
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...debianDirs];
  return dirs.find(
    (dir) => isExecutable(path.join(dir, 'initdb')) && isExecutable(path.join(dir, 'postgres')),
  );
}

/** The binaries to run, or undefined to skip the PostgreSQL tests; under CI=true a missing server is an error. */
export function postgresOrSkip(
  env: NodeJS.ProcessEnv = process.env,
  find = () => findPostgresBinDir(env),
): string | undefined {
  const binDir = find();
  if (binDir !== undefined) return binDir;
  const why = `initdb and postgres were found neither in PATH nor in ${DEBIAN_ROOT}/*/bin`;
  if (env.CI === 'true')
    throw new Error(`${why}; under CI=true the PostgreSQL tests must run. Install postgresql.`);
  console.warn(`PostgreSQL tests skipped: ${why}. Install postgresql to run them.`);
  return undefined;
}

/**
 * Whether the tests named by `what` skip: PostgreSQL is missing and this is not CI (where starting
 * the server then fails, as it must). Says so once when they skip.
 */
export function skipWithoutPostgres(what: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const skip = findPostgresBinDir(env) === undefined && env.CI !== 'true';
  if (skip) console.warn(`PostgreSQL is not installed: ${what} skipped`);
  return skip;
}

function versionsNewestFirst(root: string): string[] {
  try {
    return readdirSync(root)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
  } catch {
    return [];
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

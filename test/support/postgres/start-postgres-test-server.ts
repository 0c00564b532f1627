import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { chown, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../bot-process.js';
import { postgresOrSkip } from './find-postgres.js';

export type PostgresTestServer = {
  host: string;
  port: number;
  /** The throwaway cluster's directory, removed by stop(). */
  dir: string;
  /** A connection URL to `database` as the superuser (no password: the cluster trusts loopback). */
  url(database: string): string;
  /** A new, empty database of its own; returns its URL. */
  createDatabase(): Promise<string>;
  /** The server's own log, for failure messages. */
  log(): string;
  stop(): Promise<void>;
};

const SUPERUSER = 'postgres';
const run = promisify(execFile);

/**
 * A real PostgreSQL server on 127.0.0.1, in a throwaway cluster under a temp dir (one per test
 * file). Resolves undefined when PostgreSQL is not installed, unless CI=true, where that is an error.
 */
export async function startPostgresTestServer(): Promise<PostgresTestServer | undefined> {
  const binDir = postgresOrSkip();
  if (binDir === undefined) return undefined;

  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'omni-pg-')));
  const dataDir = path.join(dir, 'data');
  // postgres refuses to run as root (CI runs as root): there it runs as an unprivileged user that owns the dir.
  const owner = unprivilegedOwner();
  if (owner) await chown(dir, owner.uid, owner.gid);
  const as = { ...(owner ?? {}), env: { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'C', LC_ALL: 'C' } };
  await mkdir(dataDir, { mode: 0o700 }).then(() => owner && chown(dataDir, owner.uid, owner.gid));

  try {
    await run(
      path.join(binDir, 'initdb'),
      ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
      as,
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${describeRunError(error)}`);
  }

  const port = await freePort();
  // Durability is of no use to a throwaway cluster; these keep it fast on a shared CI machine.
  const child = spawn(
    path.join(binDir, 'postgres'),
    [
      ...['-D', dataDir, '-p', String(port), '-k', dir],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
      ...['-c', 'full_page_writes=off', '-c', 'max_connections=50', '-c', 'shared_buffers=16MB'],
    ],
    { ...as, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  // A test process that dies without stop() must not leave a server behind.
  const killOnExit = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);

  const host = '127.0.0.1';
  const url = (database: string) => `postgres://${SUPERUSER}@${host}:${port}/${database}`;
  try {
    await waitUntilReady(url('postgres'), child, () => log);
  } catch (error) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  let databases = 0;
  return {
    host,
    port,
    dir,
    url,
    async createDatabase() {
      databases += 1;
      const name = `test_${databases}`;
      const admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    log: () => log,
    async stop() {
      process.off('exit', killOnExit);
      await stopServer(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function unprivilegedOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const fields = passwd.find((line) => line.startsWith(`${name}:`))?.split(':');
    if (fields) return { uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

function describeRunError(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error) return String(error.stderr);
  return error instanceof Error ? error.message : String(error);
}

// An open port is not enough: until recovery ends the server answers "the database system is starting up".
async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `postgres exited (${child.exitCode ?? child.signalCode}) before accepting connections:\n${log()}`,
      );
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`postgres did not accept connections on ${url} within 20 s:\n${log()}`);
}

// SIGINT is PostgreSQL's fast shutdown: it ends open sessions instead of waiting for them.
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

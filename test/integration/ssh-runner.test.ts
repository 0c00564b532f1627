import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { RemoteConnector } from '../../src/runner/remote-session.js';
import { createSshConnector } from '../../src/runner/ssh/create-ssh-connector.js';
import { SshError } from '../../src/runner/ssh/ssh-error.js';
import { isSshFailure } from '../../src/runner/ssh/ssh-failure.js';
import type { SshSession, SshTarget } from '../../src/runner/ssh/ssh-types.js';
import { startSshTestHost } from '../support/ssh/start-ssh-test-host.js';

// Undefined (and the tests skipped) when sshd is not installed; under CI=true it throws instead.
const host = await startSshTestHost();
afterAll(() => host?.stop());

const logs: string[] = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  }),
);

function connector(target: SshTarget) {
  return createSshConnector({ target, connectTimeoutMs: 5_000, logger });
}

async function connect(target: SshTarget): Promise<SshSession> {
  const session = await connector(target).connect();
  if (isSshFailure(session)) throw new Error(`connect failed: ${session.message}`);
  return session;
}

async function withSession<T>(work: (session: SshSession) => Promise<T>): Promise<T> {
  const session = await connect(host!.target);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

// The only polling in these tests: a killed process can take a moment to disappear from /proc.
async function processesLeft(marker: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    if ((await host!.processesMatching(marker)) === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return host!.processesMatching(marker);
}

describe.skipIf(host === undefined)('SSH runner against a real sshd', () => {
  const h = host!;
  const restart = () => ({ cwd: h.composeDir, argv: ['docker', 'compose', 'restart'] });

  beforeEach(async () => {
    await h.setDockerBehaviour({});
    await h.clearDockerLog();
    logs.length = 0;
  });

  it("fits the runner's view of a remote host (checked by tsc)", () => {
    expectTypeOf(connector).returns.toExtend<RemoteConnector>();
  });

  describe('exec', () => {
    it('runs exactly `docker compose restart` once, in the compose directory', async () => {
      const result = await withSession((session) => session.exec(restart(), { timeoutMs: 10_000 }));

      expect(result.failure).toBeUndefined();
      expect(result.exitCode).toBe(0);
      expect(await h.dockerLog()).toEqual([{ argv: ['compose', 'restart'], cwd: h.composeDir }]);
    });

    it('judges by the exit code: stderr output is not a failure, and lines stream as they come', async () => {
      await h.setDockerBehaviour({
        stdout: 'restarted\n',
        stderr: ' Container omni-provider-1  Restarting\n Container omni-provider-1  Started\n',
      });
      const lines: [string, string][] = [];

      const result = await withSession((session) =>
        session.exec(restart(), { timeoutMs: 10_000, onLine: (line, stream) => lines.push([stream, line]) }),
      );

      expect(result).toMatchObject({ exitCode: 0, stdout: 'restarted\n' });
      expect(result.failure).toBeUndefined();
      expect(result.stderr).toBe(
        ' Container omni-provider-1  Restarting\n Container omni-provider-1  Started\n',
      );
      expect(lines).toEqual(
        expect.arrayContaining([
          ['stdout', 'restarted'],
          ['stderr', ' Container omni-provider-1  Restarting'],
          ['stderr', ' Container omni-provider-1  Started'],
        ]),
      );
      expect(lines).toHaveLength(3);
    });

    it('returns a failing exit code with the tail of the output', async () => {
      await h.setDockerBehaviour({ exitCode: 1, stderr: 'service "provider" failed to build\n' });

      const result = await withSession((session) => session.exec(restart(), { timeoutMs: 10_000 }));

      expect(result.exitCode).toBe(1);
      expect(result.failure).toMatchObject({ kind: 'exit', detail: 'service "provider" failed to build' });
      expect(result.failure?.message).toContain('`docker compose restart` failed with exit code 1');
    });

    it('passes hostile words to docker as data, not shell', async () => {
      const argv = ['docker', 'compose', '$(touch /tmp/pwned)', "it's", 'a b', '`id`'];

      await withSession((session) => session.exec({ cwd: h.composeDir, argv }, { timeoutMs: 10_000 }));

      expect((await h.dockerLog())[0]?.argv).toEqual(argv.slice(1));
    });

    it('ends a hanging command at its timeout and leaves no process behind', async () => {
      const marker = `hang-${randomUUID()}`;
      await h.setDockerBehaviour({ hang: true });
      const started = Date.now();

      const result = await withSession((session) =>
        session.exec(
          { cwd: h.composeDir, argv: ['docker', 'compose', 'logs', marker] },
          { timeoutMs: 1_000 },
        ),
      );

      expect(result.failure?.kind).toBe('timeout');
      expect(result.exitCode).toBe(124);
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(await processesLeft(marker)).toBe(0);
    });

    it('cancels through the AbortSignal and leaves no process behind', async () => {
      const marker = `abort-${randomUUID()}`;
      await h.setDockerBehaviour({ hang: true });
      const controller = new AbortController();

      const result = await withSession(async (session) => {
        const running = session.exec(
          { cwd: h.composeDir, argv: ['docker', 'compose', 'logs', marker] },
          { timeoutMs: 60_000, signal: controller.signal, onLine: () => undefined },
        );
        await waitFor(async () => (await h.dockerLog()).length === 1);
        controller.abort();
        return running;
      });

      expect(result.failure?.kind).toBe('aborted');
      expect(await processesLeft(marker)).toBe(0);
    });

    it('does not start anything when already cancelled', async () => {
      const result = await withSession((session) =>
        session.exec(restart(), { timeoutMs: 10_000, signal: AbortSignal.abort() }),
      );

      expect(result.failure?.kind).toBe('aborted');
      expect(await h.dockerLog()).toEqual([]);
    });

    it.skipIf(existsSync('/usr/bin/docker') || existsSync('/bin/docker'))(
      'says docker is not installed when it is not on PATH',
      async () => {
        await h.setDockerBehaviour({ missing: true });

        const result = await withSession((session) => session.exec(restart(), { timeoutMs: 10_000 }));

        expect(result.exitCode).toBe(127);
        expect(result.failure?.kind).toBe('command-not-found');
        expect(result.failure?.message).toMatch(
          /^docker is not installed or not on PATH on the provider host/,
        );
      },
    );

    it('runs the configured onCall command with its env (how integration tests flip the fake Omni)', async () => {
      const out = path.join(h.composeDir, 'on-call.txt');
      await h.setDockerBehaviour({
        onCall: { command: 'printf %s "$FLAG" > "$OUT"', env: { FLAG: 'connected', OUT: out } },
      });

      await withSession((session) => session.exec(restart(), { timeoutMs: 10_000 }));

      expect(await readFile(out, 'utf8')).toBe('connected');
    });

    it('logs host, argv, exit code and duration, not the output', async () => {
      await h.setDockerBehaviour({ stdout: 'output-that-must-not-be-logged\n' });

      await withSession((session) => session.exec(restart(), { timeoutMs: 10_000 }));

      const line = logs.find((entry) => entry.includes('remote command finished'));
      expect(JSON.parse(line ?? '{}')).toMatchObject({
        host: '127.0.0.1',
        argv: ['docker', 'compose', 'restart'],
        exitCode: 0,
        durationMs: expect.any(Number),
      });
      expect(logs.join('\n')).not.toContain('output-that-must-not-be-logged');
    });
  });

  describe('connect', () => {
    it('refuses a host key that does not match the pinned one, and runs nothing', async () => {
      const wrong = 'SHA256:8dQlyQrbkrsGJa1lY/hMmFNFqwqzRSdMrw6XVVJB5nI';
      const sshdLogBefore = h.sshdLog().length;

      const failure = await connector({ ...h.target, hostKey: wrong }).connect();

      expect(failure).toMatchObject({ kind: 'host-key-mismatch' });
      expect(isSshFailure(failure) && failure.message).toContain(`offered host key ${h.target.hostKey}`);
      expect(isSshFailure(failure) && failure.message).toContain(`expects ${wrong}`);
      expect(await h.dockerLog()).toEqual([]);
      // sshd saw the client hang up during key exchange (it logs that asynchronously), before any login.
      const sinceStart = () => h.sshdLog().slice(sshdLogBefore);
      await waitFor(async () => /Disconnected from 127\.0\.0\.1 port \d+ \[preauth\]/.test(sinceStart()));
      expect(sinceStart()).not.toMatch(/Accepted publickey/);
    });

    it('reports a client key the host does not accept as auth-refused', async () => {
      const failure = await connector({ ...h.target, keyFile: h.unknownKeyFile }).connect();

      expect(failure).toMatchObject({ kind: 'auth-refused' });
    });

    it('reports a missing key file as auth-refused, naming the file', async () => {
      const failure = await connector({
        ...h.target,
        keyFile: path.join(h.composeDir, 'no-such-key'),
      }).connect();

      expect(failure).toMatchObject({ kind: 'auth-refused' });
      expect(isSshFailure(failure) && failure.message).toContain('no-such-key (PROVIDER_SSH_KEY_FILE)');
    });

    it('reports a closed port as unreachable, quickly', async () => {
      const started = Date.now();

      const failure = await connector({ ...h.target, port: await closedPort() }).connect();

      expect(failure).toMatchObject({ kind: 'unreachable' });
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });

  describe('files over SFTP', () => {
    const secret = `omni-provider-key-${randomUUID()}`;
    const envFile = () => path.join(h.composeDir, '.env');

    beforeEach(async () => {
      await writeFile(envFile(), 'OMNI_ENDPOINT=https://omni.example\nOMNI_SERVICE_ACCOUNT_KEY=old-key\n', {
        mode: 0o644,
      });
    });

    it('reads a file, and undefined for a missing one', async () => {
      const [present, missing] = await withSession(async (session) => [
        await session.readFile(envFile()),
        await session.readFile(path.join(h.composeDir, 'nope')),
      ]);

      expect(present).toBe('OMNI_ENDPOINT=https://omni.example\nOMNI_SERVICE_ACCOUNT_KEY=old-key\n');
      expect(missing).toBeUndefined();
    });

    it('replaces the file atomically with mode 600 and keeps a 600 backup of the old one', async () => {
      const contents = `OMNI_ENDPOINT=https://omni.example\nOMNI_SERVICE_ACCOUNT_KEY=${secret}\n`;

      const { backupPath } = await withSession((session) =>
        session.writeFileAtomic(envFile(), contents, { mode: 0o600, backupStamp: '2026-08-22T09-30-00Z' }),
      );

      expect(backupPath).toBe(`${envFile()}.bak-2026-08-22T09-30-00Z`);
      expect(await readFile(envFile(), 'utf8')).toBe(contents);
      expect((await stat(envFile())).mode & 0o777).toBe(0o600);
      expect(await readFile(backupPath!, 'utf8')).toContain('OMNI_SERVICE_ACCOUNT_KEY=old-key');
      expect((await stat(backupPath!)).mode & 0o777).toBe(0o600);
      expect(await leftoverTempFiles(h.composeDir)).toEqual([]);
      expect(logs.join('\n')).not.toContain(secret);
    });

    it('restores the backup', async () => {
      await withSession(async (session) => {
        const { backupPath } = await session.writeFileAtomic(
          envFile(),
          `OMNI_SERVICE_ACCOUNT_KEY=${secret}\n`,
          {
            mode: 0o600,
            backupStamp: '2026-08-22T10-00-00Z',
          },
        );
        await session.restoreBackup(envFile(), backupPath!);
      });

      expect(await readFile(envFile(), 'utf8')).toBe(
        'OMNI_ENDPOINT=https://omni.example\nOMNI_SERVICE_ACCOUNT_KEY=old-key\n',
      );
      expect((await stat(envFile())).mode & 0o777).toBe(0o600);
    });

    it('returns no backup path when there was no old file', async () => {
      const fresh = path.join(h.composeDir, `fresh-${randomUUID()}.env`);

      const result = await withSession((session) =>
        session.writeFileAtomic(fresh, 'A=1\n', { mode: 0o600, backupStamp: 'stamp' }),
      );

      expect(result).toEqual({});
      expect(await readFile(fresh, 'utf8')).toBe('A=1\n');
    });

    it('creates a new file with mode 600, and never replaces one that exists', async () => {
      const saved = path.join(h.composeDir, `.env.new-key-${randomUUID()}`);

      await withSession((session) => session.createFile(saved, `KEY=${secret}\n`, { mode: 0o600 }));
      const again = await withSession((session) =>
        session.createFile(saved, 'KEY=other\n', { mode: 0o600 }),
      ).catch((caught: unknown) => caught);

      expect(await readFile(saved, 'utf8')).toBe(`KEY=${secret}\n`);
      expect((await stat(saved)).mode & 0o777).toBe(0o600);
      expect(again).toBeInstanceOf(SshError);
      expect((again as SshError).userMessage).toContain(saved);
      expect(logs.join('\n')).not.toContain(secret);
    });

    it('refuses to read a file larger than 1 MiB, naming it and its size', async () => {
      const big = path.join(h.composeDir, 'big.env');
      await writeFile(big, Buffer.alloc(2 * 1024 * 1024, 'x'));

      const error = await withSession((session) => session.readFile(big)).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(SshError);
      expect((error as SshError).userMessage).toContain(
        `${big} is 2097152 bytes, more than the 1048576 the bot reads`,
      );
    });

    it('throws an sftp SshError naming the path when the directory does not exist', async () => {
      const nowhere = path.join(h.composeDir, 'no-such-dir', '.env');

      const error = await withSession((session) =>
        session.writeFileAtomic(nowhere, `KEY=${secret}\n`, { mode: 0o600, backupStamp: 'stamp' }),
      ).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(SshError);
      expect(error).toMatchObject({ kind: 'sftp' });
      expect((error as SshError).userMessage).toContain(nowhere);
      expect(logs.join('\n')).not.toContain(secret);
    });
  });
});

async function leftoverTempFiles(dir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(dir)).filter((name) => name.includes('.tmp-'));
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// A port nothing listens on: bound, then released.
async function closedPort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 1));
    });
  });
}

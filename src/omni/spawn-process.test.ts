import { getEventListeners } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnProcess } from './spawn-process.js';

const script = (name: string) =>
  fileURLToPath(new URL(`../../test/support/omnictl-scripts/${name}`, import.meta.url));
const base = { env: { PATH: process.env.PATH ?? '' }, timeoutMs: 10_000, killGraceMs: 500 };

describe('spawnProcess', () => {
  it('streams stdout in order, byte for byte, and does not also return it', async () => {
    const chunks: Uint8Array[] = [];
    // 3 MB of numbered lines: many chunks.
    const result = await spawnProcess({
      ...base,
      file: process.execPath,
      args: ['-e', 'for (let i = 0; i < 300000; i++) process.stdout.write(String(i).padStart(9) + "\\n")'],
      onStdout: (chunk) => chunks.push(chunk),
    });

    const text = Buffer.concat(chunks).toString('utf8');
    expect(chunks.length).toBeGreaterThan(1);
    expect(text.split('\n')).toHaveLength(300_001);
    expect(text.slice(-20)).toBe(`${'   299998'}\n${'   299999'}\n`);
    expect(result).toMatchObject({ exitCode: 0, stdout: '', timedOut: false, isCanceled: false });
  });

  it('says the process has ended before its stdout file is read back, so a slot frees before the parse', async () => {
    const events: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'spawn-exit-'));
    const result = await spawnProcess({
      ...base,
      file: process.execPath,
      args: ['-e', 'process.stdout.write("x".repeat(600000))'],
      stdoutFile: join(dir, 'out'),
      onExit: () => events.push('exit'),
      onStdout: (chunk) => events.push(`chunk ${chunk.length}`),
    });

    expect(result.exitCode).toBe(0);
    expect(events[0]).toBe('exit');
    expect(events.filter((e) => e === 'exit')).toHaveLength(1);
    expect(events.slice(1).reduce((sum, e) => sum + Number(e.split(' ')[1]), 0)).toBe(600_000);
  });

  it('collects stdout and stderr when they are not streamed, with the exit code', async () => {
    const result = await spawnProcess({
      ...base,
      file: process.execPath,
      args: ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exitCode = 3'],
    });

    expect(result).toMatchObject({ exitCode: 3, stdout: 'out', stderr: 'err' });
  });

  it('cancels a call whose signal is already aborted, and one aborted while it runs', async () => {
    const before = new AbortController();
    before.abort();
    const during = new AbortController();

    const [early, late] = await Promise.all([
      spawnProcess({ ...base, file: script('hang.mjs'), args: [], signal: before.signal }),
      spawnProcess({
        ...base,
        file: script('hang.mjs'),
        args: [],
        signal: during.signal,
        onStdout: () => during.abort(),
      }),
    ]);

    expect(early.isCanceled).toBe(true);
    expect(late).toMatchObject({ isCanceled: true, exitCode: undefined, signal: 'SIGTERM' });
  });

  it('leaves no abort listener behind on a signal shared by many calls', async () => {
    const run = new AbortController();
    for (let i = 0; i < 12; i++)
      await spawnProcess({ ...base, file: process.execPath, args: ['-e', ''], signal: run.signal });

    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
  });

  it('reports a binary that cannot be started by its spawn error code', async () => {
    const result = await spawnProcess({ ...base, file: '/nonexistent/omnictl', args: ['get'] });

    expect(result).toMatchObject({ exitCode: undefined, code: 'ENOENT' });
  });
});

describe('spawnProcess with stdout to a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnictl-output-'));
  const printer = (megabytes: number) => [
    '-e',
    `for (let i = 0; i < ${megabytes * 1024}; i++) process.stdout.write(String(i).padStart(1023) + "\\n")`,
  ];

  it('delivers the whole output in order after the exit, then removes the file', async () => {
    const stdoutFile = join(dir, 'read.out');
    let text = '';

    const result = await spawnProcess({
      ...base,
      file: process.execPath,
      args: printer(3),
      stdoutFile,
      // The buffer is reused between chunks: decode each one as it comes.
      onStdout: (chunk) => {
        text += Buffer.from(chunk).toString('utf8');
      },
    });

    expect(result).toMatchObject({ exitCode: 0, stdout: '', isMaxBuffer: false });
    expect(text.length).toBe(3 * 1024 * 1024);
    expect(text.endsWith(`${'3071'.padStart(1023)}\n`)).toBe(true);
    expect(existsSync(stdoutFile)).toBe(false);
  });

  it('stops a process whose output passes the limit, and says so', async () => {
    const stdoutFile = join(dir, 'big.out');

    const result = await spawnProcess({
      ...base,
      file: process.execPath,
      args: ['-e', 'const b = Buffer.alloc(1 << 20); (function w() { process.stdout.write(b, w); })()'],
      stdoutFile,
      maxStdoutBytes: 4 * 1024 * 1024,
      onStdout: () => {},
    });

    expect(result).toMatchObject({ isMaxBuffer: true, isCanceled: false, exitCode: undefined });
    expect(result.shortMessage).toBe('stdout passed 4194304 bytes; the process was stopped');
    expect(existsSync(stdoutFile)).toBe(false);
  });
});

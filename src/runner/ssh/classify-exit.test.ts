import { describe, expect, it } from 'vitest';
import { classifyExit, type ExitOutcome } from './classify-exit.js';

const restart: ExitOutcome = {
  command: { cwd: '/opt/omni-provider', argv: ['docker', 'compose', 'restart'] },
  host: 'omni-provider',
  user: 'root',
  exitCode: 0,
  stdout: '',
  stderr: '',
  timeoutMs: 120_000,
  timedOut: false,
  aborted: false,
};

describe('classifyExit', () => {
  it('passes exit 0 even with stderr output', () => {
    const failure = classifyExit({ ...restart, stderr: ' Container omni-provider-1  Restarting\n' });

    expect(failure).toBeUndefined();
  });

  it.each([
    ['exit 124 from timeout', { exitCode: 124 }, 'timeout'],
    ['exit 137 after --kill-after', { exitCode: 137 }, 'timeout'],
    ['the local timer', { exitCode: null, timedOut: true }, 'timeout'],
    ['a cancellation', { exitCode: null, aborted: true }, 'aborted'],
    ['a cancellation that also timed out', { exitCode: 124, aborted: true, timedOut: true }, 'aborted'],
    [
      'exit 127',
      { exitCode: 127, stderr: "timeout: failed to run command 'docker': No such file or directory\n" },
      'command-not-found',
    ],
    ['exit 1', { exitCode: 1, stderr: 'no such service: provider\n' }, 'exit'],
    ['a signal', { exitCode: null, exitSignal: 'KILL' }, 'exit'],
    ['a dropped connection', { exitCode: null }, 'unreachable'],
  ] as const)('classifies %s', (_name, change, kind) => {
    expect(classifyExit({ ...restart, ...change })?.kind).toBe(kind);
  });

  it('says docker is missing on the provider host', () => {
    const failure = classifyExit({
      ...restart,
      exitCode: 127,
      stderr: "timeout: failed to run command 'docker': No such file or directory\n",
    });

    expect(failure?.message).toBe(
      "docker is not installed or not on PATH on the provider host omni-provider (user root). Install docker there, or put it on that user's PATH.",
    );
  });

  it('blames coreutils timeout when the shell cannot find it', () => {
    const failure = classifyExit({ ...restart, exitCode: 127, stderr: 'sh: 1: exec: timeout: not found\n' });

    expect(failure?.message).toMatch(/^timeout \(coreutils\) is not installed/);
  });

  it('names the command, the exit code and the last error line, and keeps the output tail as detail', () => {
    const stderr = `${Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n')}\nservice "provider" has neither an image nor a build context\n`;

    const failure = classifyExit({ ...restart, exitCode: 15, stderr });

    expect(failure?.message).toBe(
      '`docker compose restart` failed with exit code 15 on the provider host omni-provider: service "provider" has neither an image nor a build context',
    );
    expect(failure?.detail.split('\n')).toHaveLength(20);
    expect(failure?.detail).toMatch(/neither an image nor a build context$/);
  });

  it('gives the timeout in seconds', () => {
    expect(classifyExit({ ...restart, exitCode: 124 })?.message).toBe(
      "`docker compose restart` did not finish within 120 s on the provider host omni-provider and was stopped. Check the provider's state before retrying.",
    );
  });
});

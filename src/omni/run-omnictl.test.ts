import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testKey as key, useScriptedOmnictl } from '../../test/support/scripted-omnictl.js';
import { OmniError } from './omni-error.js';
import { PASSED_THROUGH } from './omnictl-env.js';

const { omnictlAt, workDir, logLines, logText, calls } = useScriptedOmnictl();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('createOmnictl().run', () => {
  it('returns a non-zero exit as a value, classified, and logs it without the key', async () => {
    const omnictl = omnictlAt('fail-with-fixture.mjs');

    const result = await omnictl.run(['delete', 'machines', 'x', 'delete-machine.readonly-error.stderr.txt']);

    expect(result).toMatchObject({ exitCode: 1, stdout: '', failure: { kind: 'read-only' } });
    expect(calls()[0]).toMatchObject({ command: 'delete machines', outcome: 'read-only' });
    expect(logLines()).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'omnictl call failed',
        kind: 'read-only',
        detail: 'Error: rpc error: code = PermissionDenied desc = only read access is permitted',
      }),
    );
  });

  it('treats notification lines on a successful call as warnings only', async () => {
    const omnictl = omnictlAt('print-fixture.mjs');

    const result = await omnictl.run(['version.stdout.txt', 'version-skew-warning.stderr.txt']);

    expect(result.failure).toBeUndefined();
    expect(result.warnings).toEqual([
      '[WARN] omnictl version "1.9.3" differs from the backend version "1.10.4".',
    ]);
    expect(result.stdout).toBe('omnictl version v1.10.4 (API Version: 2)\n');
    expect(calls()[0]?.outcome).toBe('ok');
  });

  it('scrubs the key from results, failures and logs if omnictl ever prints it', async () => {
    const omnictl = omnictlAt('fail-with-fixture.mjs');

    const result = await omnictl.run(['--leak-key']);

    expect(result.failure?.detail).toBe('Error: illegal key [REDACTED]');
    expect(result.stderr).not.toContain(key);
    expect(logText()).not.toContain(key);
  });

  it('gives omnictl only the allowlisted environment', async () => {
    const saved = { ...process.env };
    process.env.SLACK_BOT_TOKEN = 'xoxb-must-not-leak';
    process.env.SLACK_APP_TOKEN = 'xapp-must-not-leak';
    process.env.SIDERO_SERVICE_ACCOUNT_KEY = 'would-win-over-ours';
    try {
      const omnictl = omnictlAt('print-env.mjs');

      const result = await omnictl.run([]);
      const env = JSON.parse(result.stdout) as Record<string, string>;

      const allowed = [...PASSED_THROUGH, 'OMNI_ENDPOINT', 'OMNI_SERVICE_ACCOUNT_KEY', 'OMNICONFIG'];
      expect(Object.keys(env).filter((name) => !allowed.includes(name) && !isAddedByNode(name))).toEqual([]);
      expect(env).toMatchObject({
        PATH: process.env.PATH,
        OMNI_ENDPOINT: 'https://acme.omni.siderolabs.io',
        // The child got the key; the bot scrubs it from everything omnictl prints back.
        OMNI_SERVICE_ACCOUNT_KEY: '[REDACTED]',
        OMNICONFIG: join(workDir(), 'state', 'omnictl', 'config'),
      });
      expect(result.stdout).not.toMatch(/xoxb|xapp|would-win-over-ours/);
      expect(logText()).not.toContain(key);
      expect((await stat(join(workDir(), 'state', 'omnictl'))).mode & 0o777).toBe(0o700);
    } finally {
      process.env = saved;
    }
  });

  it('kills a call that runs past its timeout', async () => {
    const omnictl = omnictlAt('hang.mjs');

    const result = await omnictl.run([], { timeoutMs: 300 });

    expect(result).toMatchObject({ exitCode: -1, failure: { kind: 'timeout' } });
    expect(isAlive(pidOf(result.stdout))).toBe(false);
    expect(calls()[0]?.outcome).toBe('timeout');
  });

  it('SIGKILLs a hung child that ignores SIGTERM after the grace period', async () => {
    const omnictl = omnictlAt('hang.mjs', { killGraceMs: 200, timeoutMs: 300 });
    const started = performance.now();

    const result = await omnictl.run(['--ignore-sigterm']);

    expect(result.failure?.kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(isAlive(pidOf(result.stdout))).toBe(false);
  });

  it('stops when the caller aborts, streaming lines until then', async () => {
    const omnictl = omnictlAt('hang.mjs');
    const controller = new AbortController();
    const lines: string[] = [];

    const result = await omnictl.run([], {
      signal: controller.signal,
      onLine: (line, stream) => {
        lines.push(`${stream}: ${line}`);
        controller.abort();
      },
    });

    expect(result.failure?.kind).toBe('aborted');
    expect(lines).toEqual([`stdout: waiting ${pidOf(result.stdout)}`]);
  });

  it('reports a signal aborted before the call as aborted', async () => {
    const omnictl = omnictlAt('hang.mjs');

    const result = await omnictl.run([], { signal: AbortSignal.abort() });

    expect(result.failure?.kind).toBe('aborted');
  });

  it('throws a missing-kind OmniError when omnictl is not there', async () => {
    const omnictl = omnictlAt('no-such-omnictl');

    const error = await omnictl.run(['get', 'machines']).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(OmniError);
    expect(error).toMatchObject({ kind: 'missing', userMessage: expect.stringContaining('OMNICTL_PATH') });
    expect(calls()).toEqual([{ command: 'get machines', durationMs: 0, outcome: 'missing' }]);
    expect(logLines()).toContainEqual(
      expect.objectContaining({ msg: 'omnictl could not run', kind: 'missing' }),
    );
  });

  it('treats a file that is not executable as missing', async () => {
    const omnictl = omnictlAt('../omni-error.ts');

    await expect(omnictl.run(['--version'])).rejects.toMatchObject({ kind: 'missing' });
  });
});

describe('createOmnictl().version', () => {
  it('reads the client version', async () => {
    expect(await omnictlAt('print-fixture.mjs').version()).toBe('v1.10.4');
  });
});

function pidOf(stdout: string): number {
  return Number(/waiting (\d+)/.exec(stdout)?.[1]);
}

// Node (or the shell in the shebang) may add a few of its own, e.g. PWD; none carries a secret.
function isAddedByNode(name: string): boolean {
  return ['PWD', 'SHLVL', '_'].includes(name);
}

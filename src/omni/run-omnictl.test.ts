import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Machine } from './machine-resources.js';
import { OmniError } from './omni-error.js';
import { clusterKind, machineKind, machineRequestKind, type ResourceKind } from './resources.js';
import { createOmnictl, type OmnictlOptions } from './run-omnictl.js';

const scripts = join(import.meta.dirname, 'test-scripts');
const key = 'eyJuYW1lIjoib21uaS1jaGF0b3BzIiwicGdwX2tleSI6Ii0tLS0tQkVHSU4gUEdQIn0=';

type Call = Parameters<NonNullable<OmnictlOptions['onCall']>>[0];
let workDir: string;
let logLines: Array<Record<string, unknown>>;
let logText: string;
let calls: Call[];

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'omnictl-test-'));
  logLines = [];
  logText = '';
  calls = [];
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function omnictlAt(script: string, overrides: Partial<OmnictlOptions> = {}) {
  const stream = {
    write(line: string) {
      logText += line;
      logLines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  return createOmnictl({
    path: join(scripts, script),
    endpoint: 'https://acme.omni.siderolabs.io',
    serviceAccountKey: key,
    configDir: join(workDir, 'state', 'omnictl'),
    timeoutMs: 10_000,
    logger: pino({ level: 'debug' }, stream),
    onCall: (call) => calls.push(call),
    ...overrides,
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('createOmnictl().get', () => {
  it('lists and validates resources', async () => {
    const omnictl = omnictlAt('print-fixture.mjs');

    const machines = await omnictl.get(machineKind);

    expect(machines).toHaveLength(6);
    expect(machines.find((m) => m.metadata.id.startsWith('e2d7b5c9'))?.spec.connected).toBe(false);
    expect(calls).toEqual([{ command: 'get machines', durationMs: expect.any(Number), outcome: 'ok' }]);
    expect(logLines).toContainEqual(
      expect.objectContaining({ msg: 'omnictl call', args: ['get', 'machines', '-o', 'json'], exitCode: 0 }),
    );
  });

  it('fetches one resource by ID', async () => {
    const omnictl = omnictlAt('print-fixture.mjs');

    const clusters = await omnictl.get(clusterKind, { id: 'talos-prod' });

    expect(clusters.map((cluster) => cluster.spec.talosversion)).toEqual(['1.11.5']);
  });

  it("passes the kind's namespace and a selector", async () => {
    const omnictl = omnictlAt('print-fixture.mjs');

    const requests = await omnictl.get(machineRequestKind, {
      selector: 'omni.sidero.dev/machine-request-set',
    });

    expect(requests).toHaveLength(6);
    expect(logLines[0]?.args).toEqual([
      'get',
      'machinerequests',
      '-o',
      'json',
      '-n',
      'infra-provider',
      '-l',
      'omni.sidero.dev/machine-request-set',
    ]);
  });

  it('returns nothing for an empty list', async () => {
    const omnictl = omnictlAt('print-fixture.mjs');

    expect(await omnictl.get({ ...machineKind, type: 'configpatches' })).toEqual([]);
  });

  it('names the type, ID and field of a document that fails validation, not its content', async () => {
    const stricter: ResourceKind<unknown> = {
      type: 'machines',
      schema: Machine.extend({
        spec: Machine.shape.spec.extend({ rebootcount: Machine.shape.spec.shape.connected }),
      }),
    };
    const omnictl = omnictlAt('print-fixture.mjs');

    const error = await omnictl.get(stricter).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(OmniError);
    expect(error).toMatchObject({ kind: 'unexpected-output' });
    expect((error as OmniError).detail).toMatch(
      /^machines "1e7f9a3b-5c2d-4b68-8e0f-a3c6d9b2e574": spec\.rebootcount: /,
    );
    expect((error as OmniError).detail).not.toContain('fdae:41e4');
  });

  it('throws the classified failure of a failed call', async () => {
    const omnictl = omnictlAt('fail-with-fixture.mjs');

    const error = await omnictl
      .get(machineKind, { selector: 'auth-expired-error.stderr.txt' })
      .catch((thrown: unknown) => thrown);

    expect(error).toMatchObject({ kind: 'key-expired', userMessage: expect.stringContaining('expired') });
  });

  it('refuses an ID that omnictl would read as a flag', async () => {
    const omnictl = omnictlAt('print-fixture.mjs');

    await expect(omnictl.get(machineKind, { id: '--all' })).rejects.toMatchObject({ kind: 'other' });
    expect(calls).toEqual([]);
  });
});

describe('createOmnictl().run', () => {
  it('returns a non-zero exit as a value, classified, and logs it without the key', async () => {
    const omnictl = omnictlAt('fail-with-fixture.mjs');

    const result = await omnictl.run(['delete', 'machines', 'x', 'delete-machine.readonly-error.stderr.txt']);

    expect(result).toMatchObject({ exitCode: 1, stdout: '', failure: { kind: 'read-only' } });
    expect(calls[0]).toMatchObject({ command: 'delete machines', outcome: 'read-only' });
    expect(logLines).toContainEqual(
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
    expect(calls[0]?.outcome).toBe('ok');
  });

  it('scrubs the key from results, failures and logs if omnictl ever prints it', async () => {
    const omnictl = omnictlAt('fail-with-fixture.mjs');

    const result = await omnictl.run(['--leak-key']);

    expect(result.failure?.detail).toBe('Error: illegal key [REDACTED]');
    expect(result.stderr).not.toContain(key);
    expect(logText).not.toContain(key);
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

      const allowed = [
        'PATH',
        'HOME',
        'LANG',
        'TZ',
        'TMPDIR',
        'OMNI_ENDPOINT',
        'OMNI_SERVICE_ACCOUNT_KEY',
        'OMNICONFIG',
      ];
      expect(Object.keys(env).filter((name) => !allowed.includes(name) && !isAddedByNode(name))).toEqual([]);
      expect(env).toMatchObject({
        PATH: process.env.PATH,
        OMNI_ENDPOINT: 'https://acme.omni.siderolabs.io',
        // The child got the key; the bot scrubs it from everything omnictl prints back.
        OMNI_SERVICE_ACCOUNT_KEY: '[REDACTED]',
        OMNICONFIG: join(workDir, 'state', 'omnictl', 'config'),
      });
      expect(result.stdout).not.toMatch(/xoxb|xapp|would-win-over-ours/);
      expect(logText).not.toContain(key);
      expect((await stat(join(workDir, 'state', 'omnictl'))).mode & 0o777).toBe(0o700);
    } finally {
      process.env = saved;
    }
  });

  it('kills a call that runs past its timeout', async () => {
    const omnictl = omnictlAt('hang.mjs');

    const result = await omnictl.run([], { timeoutMs: 300 });

    expect(result).toMatchObject({ exitCode: -1, failure: { kind: 'timeout' } });
    expect(isAlive(pidOf(result.stdout))).toBe(false);
    expect(calls[0]?.outcome).toBe('timeout');
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

  it('throws a missing-kind OmniError when omnictl is not there', async () => {
    const omnictl = omnictlAt('no-such-omnictl');

    const error = await omnictl.run(['get', 'machines']).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(OmniError);
    expect(error).toMatchObject({ kind: 'missing', userMessage: expect.stringContaining('OMNICTL_PATH') });
    expect(calls).toEqual([{ command: 'get machines', durationMs: 0, outcome: 'missing' }]);
    expect(logLines).toContainEqual(
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

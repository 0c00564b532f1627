import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { createOmnictl, type Omnictl, type OmnictlOptions } from '../../src/omni/run-omnictl.js';

export const testKey = 'eyJuYW1lIjoib21uaS1jaGF0b3BzIiwicGdwX2tleSI6Ii0tLS0tQkVHSU4gUEdQIn0=';

type Call = Parameters<NonNullable<OmnictlOptions['onCall']>>[0];

export type ScriptedOmnictl = {
  /** An Omnictl whose binary is one of the scripts in ./omnictl-scripts. */
  omnictlAt(script: string, overrides?: Partial<OmnictlOptions>): Omnictl;
  /** This test's temporary directory (configDir is `<workDir>/state/omnictl`). */
  workDir(): string;
  logLines(): Array<Record<string, unknown>>;
  logText(): string;
  calls(): Call[];
};

/** Real omnictl stand-ins, a log captured as JSON lines and a fresh directory per test. */
export function useScriptedOmnictl(): ScriptedOmnictl {
  let workDir = '';
  let logText = '';
  let logLines: Array<Record<string, unknown>> = [];
  let calls: Call[] = [];

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'omnictl-test-'));
    logText = '';
    logLines = [];
    calls = [];
  });
  afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  return {
    omnictlAt(script, overrides = {}) {
      const stream = {
        write(line: string) {
          logText += line;
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        },
      };
      return createOmnictl({
        path: join(import.meta.dirname, 'omnictl-scripts', script),
        endpoint: 'https://acme.omni.siderolabs.io',
        serviceAccountKey: testKey,
        configDir: join(workDir, 'state', 'omnictl'),
        timeoutMs: 10_000,
        logger: pino({ level: 'debug' }, stream),
        onCall: (call) => calls.push(call),
        ...overrides,
      });
    },
    workDir: () => workDir,
    logLines: () => logLines,
    logText: () => logText,
    calls: () => calls,
  };
}

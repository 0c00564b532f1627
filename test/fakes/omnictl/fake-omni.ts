// A real `omnictl` stand-in for tests and the demo: writes a scenario state and a wrapper
// script that runs omnictl.mjs against it, and gives handles to read and steer the state.

import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { changeState, setProviderConnected } from './lib/admin-ops.mjs';
import { type FleetSpec, generateFleet, scenarioState } from './lib/scenarios/index.mjs';
import { mutateState, readState, writeState } from './lib/state-store.mjs';
import type { Auth, FakeOmniState, Fault } from './lib/state-types.d.mts';

export type { MachineRecord, ResourceJson } from './lib/state-types.d.mts';
export type { Auth, FakeOmniState, Fault, FleetSpec };
export { generateFleet };

export type ScenarioName = 'talos-prod' | 'healthy';

// `void` so that `update((s) => { s.auth = 'expired'; })` type-checks.
// biome-ignore lint/suspicious/noConfusingVoidType: a callback that may return nothing
export type StateUpdate = (state: FakeOmniState) => FakeOmniState | void;

export interface CreateFakeOmniOptions {
  /** Default 'talos-prod'; a FleetSpec generates a large fleet. */
  scenario?: ScenarioName | FleetSpec;
  /** Where to put the wrapper, state and log; default a new temp dir (removed by cleanup). */
  dir?: string;
}

export interface InvocationLogEntry {
  argv: string[];
  /** When the process started. */
  startedAt: string;
  /** When it answered. */
  at: string;
  exitCode: number;
  /** Set when the process was killed (exitCode is then 128 + signal number). */
  signal?: string;
  /** The template and `file:` patches it read for `-f`: absolute path and sha256 of the content. */
  files?: { path: string; sha256: string }[];
}

export interface FakeOmni {
  /** The executable wrapper; use it as OMNICTL_PATH. */
  path: string;
  dir: string;
  statePath: string;
  logPath: string;
  /** A not-yet-existing path the caller may pass as OMNICONFIG (omnictl creates it). */
  omniconfigPath: string;
  /** Credentials the fake accepts (any non-empty values work). */
  env: { OMNI_ENDPOINT: string; OMNI_SERVICE_ACCOUNT_KEY: string };
  readState(): Promise<FakeOmniState>;
  writeState(state: FakeOmniState): Promise<void>;
  /** Changes the state under the fake's lock; `fn` mutates in place or returns a new state. */
  update(fn: StateUpdate): Promise<FakeOmniState>;
  readLog(): Promise<InvocationLogEntry[]>;
  /** The environment the latest omnictl call was started with (the key's value shown as `[set]`). */
  readEnv(): Promise<Record<string, string>>;
  /** Flips the infra provider; connecting it lets it finish request teardowns and provision. */
  setProviderConnected(connected: boolean): Promise<void>;
  injectFault(fault: Fault): Promise<void>;
  setAuth(auth: Auth): Promise<void>;
  cleanup(): Promise<void>;
}

const OMNICTL_MJS = fileURLToPath(new URL('./omnictl.mjs', import.meta.url));

/** base64 of {"name","pgp_key"}, the shape of a real service-account key (fake key material). */
const TEST_KEY = Buffer.from(
  JSON.stringify({
    name: 'omni-chatops',
    pgp_key:
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nFAKE-KEY-FOR-TESTS-ONLY\n-----END PGP PRIVATE KEY BLOCK-----\n',
  }),
).toString('base64');

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

function initialState(scenario: ScenarioName | FleetSpec): FakeOmniState {
  return typeof scenario === 'string' ? scenarioState(scenario) : generateFleet(scenario);
}

export async function createFakeOmni(options: CreateFakeOmniOptions = {}): Promise<FakeOmni> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'fake-omni-')));
  await mkdir(dir, { recursive: true });
  const statePath = join(dir, 'state.json');
  const logPath = join(dir, 'invocations.jsonl');
  const path = join(dir, 'omnictl');
  writeState(statePath, initialState(options.scenario ?? 'talos-prod'));
  await writeFile(logPath, '');
  const script = [
    '#!/bin/sh',
    `FAKE_OMNI_STATE=${shellQuote(statePath)}`,
    `FAKE_OMNI_LOG=${shellQuote(logPath)}`,
    `FAKE_OMNI_ENV_DUMP=${shellQuote(join(dir, 'env.json'))}`,
    'export FAKE_OMNI_STATE FAKE_OMNI_LOG FAKE_OMNI_ENV_DUMP',
    `exec ${shellQuote(process.execPath)} ${shellQuote(OMNICTL_MJS)} "$@"`,
    '',
  ].join('\n');
  await writeFile(path, script);
  await chmod(path, 0o755);

  const update = async (fn: StateUpdate) => {
    let next: FakeOmniState | undefined;
    mutateState(statePath, (state) => {
      next = fn(state) ?? state;
      if (next !== state) replaceInPlace(state, next);
      return true;
    });
    return readState(statePath);
  };

  return {
    path,
    dir,
    statePath,
    logPath,
    omniconfigPath: join(dir, 'omniconfig'),
    env: { OMNI_ENDPOINT: 'https://acme.omni.siderolabs.io', OMNI_SERVICE_ACCOUNT_KEY: TEST_KEY },
    readState: async () => readState(statePath),
    writeState: async (state) => {
      mutateState(statePath, (s) => replaceInPlace(s, state));
    },
    update,
    readEnv: async () => JSON.parse(await readFile(join(dir, 'env.json'), 'utf8')) as Record<string, string>,
    readLog: async () =>
      (await readFile(logPath, 'utf8'))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as InvocationLogEntry),
    setProviderConnected: async (connected) => {
      setProviderConnected(statePath, connected);
    },
    injectFault: async (fault) => {
      changeState(statePath, (s) => {
        s.faults.push(fault);
      });
    },
    setAuth: async (auth) => {
      changeState(statePath, (s) => {
        s.auth = auth;
      });
    },
    cleanup: async () => {
      if (ownDir) await rm(dir, { recursive: true, force: true });
      else await Promise.all([path, statePath, logPath].map((p) => rm(p, { force: true })));
    },
  };
}

/** Makes `target` (the locked state being written) equal to `source`. */
function replaceInPlace(target: FakeOmniState, source: FakeOmniState): void {
  const t = target as unknown as Record<string, unknown>;
  for (const key of Object.keys(t)) delete t[key];
  Object.assign(t, source);
}

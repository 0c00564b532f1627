import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type pino from 'pino';
import { commandName } from './command-name.js';
import { executeOmnictl } from './execute-omnictl.js';
import { getResources } from './get-resources.js';
import { OmniError } from './omni-error.js';
import type { OmniFailure, OmniFailureKind } from './omni-failure.js';
import { unexpectedOutput } from './omni-failure.js';
import { omnictlEnv } from './omnictl-env.js';
import type { ResourceKind } from './resource-kind.js';
import { scrubSecret } from './scrub-secret.js';

export type OmnictlOptions = {
  path: string;
  endpoint: string;
  /** Secret: passed only through the child's environment, scrubbed from logs and errors. */
  serviceAccountKey: string;
  /** Private writable directory; omnictl's config file goes to `<configDir>/config`. */
  configDir: string;
  timeoutMs: number;
  logger: pino.Logger;
  onCall?: (event: { command: string; durationMs: number; outcome: 'ok' | OmniFailureKind }) => void;
  /** Time between SIGTERM and SIGKILL for a call that timed out or was aborted (default 5 s). */
  killGraceMs?: number;
  /** Where PATH, HOME, LANG, TZ and TMPDIR come from (default process.env). */
  baseEnv?: NodeJS.ProcessEnv;
};

/**
 * `run`: a step of an approved run. It has its own capacity (never queued behind reports' reads).
 */
type Lane = 'run';

export type RunOptions = {
  signal?: AbortSignal;
  lane?: Lane;
  timeoutMs?: number;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /**
   * Receives stdout as it arrives, in order, before the call resolves; the result's `stdout` is then
   * empty (a 10,000-machine list is ~10 MB: parsed as it streams, never held as one string). The
   * chunks are not scrubbed: the consumer keeps the secret out of what it passes on.
   */
  onStdout?: (chunk: Uint8Array) => void;
  /** Called once the process has ended, before a read's output (passed through a file) is parsed. */
  onExit?: () => void;
};

export type GetOptions = {
  id?: string;
  namespace?: string;
  selector?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  lane?: Lane;
  /** As RunOptions.onExit: the process has ended; its output is parsed next. */
  onExit?: () => void;
};

export type OmnictlResult = {
  args: string[];
  /** -1 when the process was killed by a signal. */
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** `[WARN]`/`[INFO]`/`[ERROR]` notification lines; never a failure by themselves. */
  warnings: string[];
  failure?: OmniFailure;
};

export type Omnictl = {
  run(args: readonly string[], options?: RunOptions): Promise<OmnictlResult>;
  get<T>(kind: ResourceKind<T>, options?: GetOptions): Promise<T[]>;
  /** The client version, e.g. `v1.10.4` (from `omnictl --version`; no server call). */
  version(options?: { signal?: AbortSignal; timeoutMs?: number; lane?: Lane }): Promise<string>;
};

/** Runs the real omnictl with a minimal environment, a timeout and one log line per call. */
export function createOmnictl(options: OmnictlOptions): Omnictl {
  const { logger, serviceAccountKey: secret } = options;
  const settings = {
    path: options.path,
    env: omnictlEnv(options.baseEnv ?? process.env, options),
    secret,
    timeoutMs: options.timeoutMs,
    killGraceMs: options.killGraceMs ?? 5_000,
    outputDir: join(options.configDir, 'output'),
  };
  let configDirReady: Promise<void> | undefined;

  async function ensureConfigDir(): Promise<void> {
    // Large outputs pass through files in output/; any left by a crash are removed first.
    configDirReady ??= mkdir(options.configDir, { recursive: true, mode: 0o700 })
      .then(() => rm(settings.outputDir, { recursive: true, force: true }))
      .then(() => mkdir(settings.outputDir, { mode: 0o700 }))
      .then(() => undefined);
    try {
      await configDirReady;
    } catch (error) {
      configDirReady = undefined;
      const detail = scrubSecret(error instanceof Error ? error.message : String(error), secret);
      const message = `The bot cannot create its omnictl config directory ${options.configDir}. Check the path and its permissions.`;
      throw new OmniError({ kind: 'other', message, detail }, { cause: error });
    }
  }

  async function run(args: readonly string[], runOptions: RunOptions = {}): Promise<OmnictlResult> {
    const command = commandName(args);
    const loggedArgs = args.map((arg) => scrubSecret(arg, secret));
    try {
      await ensureConfigDir();
      const result = await executeOmnictl(settings, args, runOptions);
      const { exitCode, durationMs, warnings, failure } = result;
      logger.debug({ args: loggedArgs, exitCode, durationMs, warnings: warnings.length }, 'omnictl call');
      if (failure)
        logger.warn({ args: loggedArgs, kind: failure.kind, detail: failure.detail }, 'omnictl call failed');
      options.onCall?.({ command, durationMs, outcome: failure?.kind ?? 'ok' });
      return result;
    } catch (error) {
      if (error instanceof OmniError) {
        logger.warn({ args: loggedArgs, kind: error.kind, detail: error.detail }, 'omnictl could not run');
        options.onCall?.({ command, durationMs: 0, outcome: error.kind });
      }
      throw error;
    }
  }

  return {
    run,
    async get(kind, getOptions) {
      try {
        return await getResources({ run, secret }, kind, getOptions);
      } catch (error) {
        if (error instanceof OmniError && error.kind === 'unexpected-output') {
          logger.warn({ type: kind.type, detail: error.detail }, 'omnictl output rejected');
        }
        throw error;
      }
    },
    async version(versionOptions) {
      const result = await run(['--version'], versionOptions);
      if (result.failure) throw new OmniError(result.failure);
      // "omnictl version v1.10.4 (API Version: 2)" (notes §1.7)
      const version = /omnictl version (\S+)/.exec(result.stdout)?.[1];
      if (version === undefined)
        throw new OmniError(
          unexpectedOutput(`--version printed ${JSON.stringify(result.stdout.slice(0, 100))}`),
        );
      return version;
    },
  };
}

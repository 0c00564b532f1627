import { execa } from 'execa';
import { classifyFailure } from './classify-failure.js';
import { createLineSplitter } from './line-splitter.js';
import { OmniError } from './omni-error.js';
import { missingOmnictl, unexpectedOutput } from './omni-failure.js';
import type { OmnictlResult, RunOptions } from './run-omnictl.js';
import { scrubSecret } from './scrub-secret.js';
import { splitStderr } from './split-stderr.js';

export type ExecuteSettings = {
  path: string;
  env: Record<string, string>;
  /** Scrubbed from everything returned, in case omnictl ever echoes it. */
  secret: string;
  timeoutMs: number;
  killGraceMs: number;
};

// Spawn errors meaning the configured binary cannot be run at all.
const notRunnable = new Set(['ENOENT', 'EACCES', 'ENOTDIR', 'EISDIR', 'ENOEXEC']);

/** One omnictl process: non-zero exits come back classified; only an unrunnable binary throws. */
export async function executeOmnictl(
  settings: ExecuteSettings,
  args: readonly string[],
  options: RunOptions = {},
): Promise<OmnictlResult> {
  const subprocess = execa(settings.path, args, {
    env: settings.env,
    extendEnv: false,
    // omnictl prompts on stdin for some commands; with stdin closed it fails instead of hanging.
    stdin: 'ignore',
    reject: false,
    stripFinalNewline: false,
    timeout: options.timeoutMs ?? settings.timeoutMs,
    cancelSignal: options.signal,
    // SIGTERM first; a child that ignores it (or a hung TLS dial) is SIGKILLed after the grace period.
    forceKillAfterDelay: settings.killGraceMs,
    buffer: { stdout: options.onStdout === undefined, stderr: true },
  });
  const { onLine, onStdout } = options;
  if (onStdout) subprocess.stdout.on('data', (chunk: Uint8Array) => onStdout(chunk));
  if (onLine) {
    forwardLines(subprocess.stdout, (line) => onLine(scrubSecret(line, settings.secret), 'stdout'));
    forwardLines(subprocess.stderr, (line) => onLine(scrubSecret(line, settings.secret), 'stderr'));
  }
  const result = await subprocess;

  const stderr = scrubSecret(result.stderr, settings.secret);
  if (result.exitCode === undefined && result.code !== undefined && notRunnable.has(result.code)) {
    const detail = scrubSecret(result.shortMessage ?? result.code, settings.secret);
    throw new OmniError(missingOmnictl(settings.path, detail), { cause: result });
  }
  const failure = result.isMaxBuffer
    ? unexpectedOutput(
        `output larger than the buffer limit: ${scrubSecret(result.shortMessage ?? '', settings.secret)}`,
      )
    : classifyFailure({
        exitCode: result.exitCode,
        stderr: result.signal && stderr === '' ? `killed by ${result.signal}` : stderr,
        timedOut: result.timedOut,
        aborted: result.isCanceled,
      });
  return {
    args: [...args],
    exitCode: result.exitCode ?? -1,
    stdout: onStdout ? '' : scrubSecret(result.stdout, settings.secret),
    stderr,
    durationMs: Math.round(result.durationMs),
    warnings: splitStderr(stderr).warnings,
    ...(failure ? { failure } : {}),
  };
}

function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (stream === null) return;
  const splitter = createLineSplitter(onLine);
  stream.on('data', (chunk: string | Uint8Array) => splitter.push(chunk));
  stream.on('end', () => splitter.end());
}

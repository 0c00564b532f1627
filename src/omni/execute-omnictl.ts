import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { classifyFailure } from './classify-failure.js';
import { CUT_MARK, createLineSplitter } from './line-splitter.js';
import { OmniError } from './omni-error.js';
import { missingOmnictl, unexpectedOutput } from './omni-failure.js';
import { createOutputCapture, DROPPED_NOTE } from './output-capture.js';
import type { OmnictlResult, RunOptions } from './run-omnictl.js';
import { scrubSecret } from './scrub-secret.js';
import { OutputReadError, spawnProcess } from './spawn-process.js';
import { splitStderr } from './split-stderr.js';

type ExecuteSettings = {
  path: string;
  env: Record<string, string>;
  /** Scrubbed from everything returned, in case omnictl ever echoes it. */
  secret: string;
  timeoutMs: number;
  killGraceMs: number;
  /** Private directory (0700) where a streamed stdout is written, read back and removed. */
  outputDir?: string;
};

/** What a step's call keeps of its stdout (the newest bytes). */
const MAX_STEP_STDOUT_BYTES = 1024 * 1024;

// Spawn errors meaning the configured binary cannot be run at all.
const notRunnable = new Set(['ENOENT', 'EACCES', 'ENOTDIR', 'EISDIR', 'ENOEXEC']);

/** One omnictl process: non-zero exits come back classified; only an unrunnable binary throws. */
export async function executeOmnictl(
  settings: ExecuteSettings,
  args: readonly string[],
  options: RunOptions = {},
): Promise<OmnictlResult> {
  const { onLine, onStdout } = options;
  const lineOf = (line: string, cut: boolean) =>
    cut
      ? `${scrubSecret(line.slice(0, -CUT_MARK.length), settings.secret, { end: true })}${CUT_MARK}`
      : scrubSecret(line, settings.secret);
  const stdoutLines = onLine && createLineSplitter((line, cut) => onLine(lineOf(line, cut), 'stdout'));
  const stderrLines = onLine && createLineSplitter((line, cut) => onLine(lineOf(line, cut), 'stderr'));
  // Lines are shown while the step runs; of the stdout, only the newest megabyte is kept (a step
  // may print gigabytes, and what it keeps is a tail anyway).
  const collected = createOutputCapture(MAX_STEP_STDOUT_BYTES);
  let result: Awaited<ReturnType<typeof spawnProcess>>;
  try {
    result = await spawnProcess({
      file: settings.path,
      args,
      env: settings.env,
      timeoutMs: options.timeoutMs ?? settings.timeoutMs,
      killGraceMs: settings.killGraceMs,
      signal: options.signal,
      onExit: options.onExit,
      onStdout:
        onStdout ??
        (stdoutLines &&
          ((chunk) => {
            collected.push(chunk);
            stdoutLines.push(chunk);
          })),
      onStderr: stderrLines && ((chunk) => stderrLines.push(chunk)),
      // Only whole outputs (reads) go through a file; a step's lines must show while it runs.
      ...(onStdout && settings.outputDir
        ? { stdoutFile: join(settings.outputDir, `${randomUUID()}.out`) }
        : {}),
    });
  } catch (error) {
    if (!(error instanceof OutputReadError)) throw error;
    const detail = scrubSecret(error.message, settings.secret);
    const message =
      "The bot could not read omnictl's output back from its data directory (disk full or removed?). Check the directory next to STATE_DB and try again.";
    throw new OmniError({ kind: 'other', message, detail }, { cause: error });
  }
  stdoutLines?.end();
  stderrLines?.end();

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
  const stdout = onStdout
    ? ''
    : stdoutLines
      ? collected.dropped
        ? `${DROPPED_NOTE}${scrubSecret(collected.raw(), settings.secret, { start: true })}`
        : collected.raw()
      : result.stdout;
  return {
    args: [...args],
    exitCode: result.exitCode ?? -1,
    stdout: scrubSecret(stdout, settings.secret),
    stderr,
    durationMs: Math.round(result.durationMs),
    warnings: splitStderr(stderr).warnings,
    ...(failure ? { failure } : {}),
  };
}

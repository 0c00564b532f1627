import { closeSync, fstatSync, openSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { execa } from 'execa';

export type SpawnRequest = {
  file: string;
  args: readonly string[];
  env: Record<string, string>;
  timeoutMs: number;
  killGraceMs: number;
  signal?: AbortSignal;
  /**
   * Receives stdout's bytes in order before the call resolves; a streamed stdout is not also
   * returned. A chunk is only valid during the call (its buffer may be reused): copy what you keep.
   */
  onStdout?: (chunk: Uint8Array) => void;
  /**
   * With onStdout: the child writes stdout to this new file (in a private directory), which is read
   * in chunks after the exit and removed. Far cheaper than a pipe for large output; not live.
   */
  stdoutFile?: string;
  /** Stops the process when its stdout file grows past this (default 1 GiB). */
  maxStdoutBytes?: number;
  onStderr?: (chunk: Uint8Array) => void;
  /**
   * Called once the process has ended, before its stdout file is read back and parsed: whoever
   * counts running processes can let the next one start while this output is still being parsed.
   */
  onExit?: () => void;
};

export type SpawnResult = {
  exitCode?: number;
  signal?: string;
  timedOut: boolean;
  isCanceled: boolean;
  isMaxBuffer: boolean;
  /** The spawn error's code (ENOENT, EACCES, …) when the process could not be started. */
  code?: string;
  shortMessage?: string;
  durationMs: number;
  stdout: string;
  stderr: string;
};

/** The process's output file could not be read back (disk full, directory removed). */
export class OutputReadError extends Error {
  override name = 'OutputReadError';
}

/**
 * Runs one process (execa: argument array, no shell, timeout, SIGTERM then SIGKILL) on this thread.
 * Starting it from a worker thread was measured to earn nothing people feel
 * (docs/decisions/0010-what-people-feel.md).
 */
export async function spawnProcess(request: SpawnRequest): Promise<SpawnResult> {
  const { onStdout, stdoutFile } = request;
  if (onStdout === undefined || stdoutFile === undefined) {
    const result = await run({ ...request, stdoutFile: undefined });
    request.onExit?.();
    return result;
  }
  try {
    const result = await run(request);
    request.onExit?.();
    try {
      await readInChunks(stdoutFile, onStdout);
    } catch (error) {
      // A consumer's own error passes through; only a failed read is the output's.
      if (!(error instanceof Error && 'code' in error)) throw error;
      throw new OutputReadError(`omnictl's output file could not be read: ${error.message}`);
    }
    return result;
  } finally {
    await rm(stdoutFile, { force: true });
  }
}

// Reused buffer: the consumer copies what it keeps (see SpawnRequest.onStdout).
async function readInChunks(file: string, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(256 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      onChunk(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

async function run(request: SpawnRequest): Promise<SpawnResult> {
  const controller = new AbortController();
  const cancel = () => controller.abort();
  if (request.signal?.aborted) controller.abort();
  else request.signal?.addEventListener('abort', cancel, { once: true });
  // A large stdout goes to a new private file (0600) that is read after the exit; the child gets
  // its descriptor. Not execa's `{ file }` option: that pipes the output through this process.
  const stdoutFd = request.stdoutFile === undefined ? undefined : openSync(request.stdoutFile, 'wx', 0o600);
  const maxStdoutBytes = request.maxStdoutBytes ?? 2 ** 30;
  let tooLarge = false;
  const watchdog =
    stdoutFd === undefined
      ? undefined
      : setInterval(() => {
          if (fstatSync(stdoutFd).size <= maxStdoutBytes) return;
          tooLarge = true;
          controller.abort();
        }, 250);
  const streamStdout = request.onStdout !== undefined && stdoutFd === undefined;
  try {
    const subprocess = execa(request.file, request.args, {
      env: request.env,
      extendEnv: false,
      // omnictl prompts on stdin for some commands; with stdin closed it fails instead of hanging.
      stdin: 'ignore',
      // execa takes any file descriptor at run time; its types list only 3 to 9.
      stdout: (stdoutFd ?? 'pipe') as 'pipe',
      reject: false,
      stripFinalNewline: false,
      timeout: request.timeoutMs,
      cancelSignal: controller.signal,
      // SIGTERM first; a child that ignores it (or a hung TLS dial) is SIGKILLed after the grace period.
      forceKillAfterDelay: request.killGraceMs,
      // Streamed stdout is not also collected: the consumer gets it once, chunk by chunk.
      buffer: { stdout: request.onStdout === undefined && stdoutFd === undefined, stderr: true },
    });
    if (streamStdout) subprocess.stdout?.on('data', (chunk: Uint8Array) => request.onStdout?.(chunk));
    if (request.onStderr) subprocess.stderr?.on('data', (chunk: Uint8Array) => request.onStderr?.(chunk));
    const result = await subprocess;
    return {
      exitCode: result.exitCode,
      signal: result.signal,
      timedOut: result.timedOut,
      isCanceled: result.isCanceled && !tooLarge,
      isMaxBuffer: result.isMaxBuffer || tooLarge,
      code: 'code' in result && typeof result.code === 'string' ? result.code : undefined,
      shortMessage: tooLarge
        ? `stdout passed ${maxStdoutBytes} bytes; the process was stopped`
        : 'shortMessage' in result
          ? result.shortMessage
          : undefined,
      durationMs: result.durationMs,
      stdout: typeof result.stdout === 'string' ? result.stdout : '',
      stderr: typeof result.stderr === 'string' ? result.stderr : '',
    };
  } finally {
    clearInterval(watchdog);
    if (stdoutFd !== undefined) closeSync(stdoutFd);
    request.signal?.removeEventListener('abort', cancel);
  }
}

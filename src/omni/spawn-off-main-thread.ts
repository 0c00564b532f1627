import { open, rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

type SpawnRequest = {
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
};

type SpawnResult = {
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

export type ThreadRequest =
  | {
      type: 'run';
      id: number;
      file: string;
      args: string[];
      env: Record<string, string>;
      timeoutMs: number;
      killGraceMs: number;
      streamStdout: boolean;
      streamStderr: boolean;
      stdoutFile?: string;
      maxStdoutBytes: number;
    }
  | { type: 'cancel'; id: number }
  /** The main thread handled one chunk of that stream (flow control: the thread pauses the pipe). */
  | { type: 'handled'; id: number; stream: 'stdout' | 'stderr' };

export type ThreadReply =
  | { type: 'chunk'; id: number; stream: 'stdout' | 'stderr'; data: Uint8Array }
  | { type: 'done'; id: number; result: SpawnResult }
  | { type: 'failed'; id: number; message: string };

type Pending = {
  request: SpawnRequest;
  resolve: (result: SpawnResult) => void;
  reject: (error: Error) => void;
};

/**
 * The launcher thread stopped or refused the call (the process may or may not have started), or
 * the process's output file could not be read back.
 */
export class LauncherError extends Error {
  override name = 'LauncherError';
  readonly stage: 'launch' | 'output';
  constructor(message: string, stage: 'launch' | 'output' = 'launch') {
    super(message);
    this.stage = stage;
  }
}

// One thread for the whole process, started on first use; it does not keep the process alive
// while no call is waiting for it.
let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function thread(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('./omnictl-thread.mjs', import.meta.url));
  started.unref();
  started.on('message', (reply: ThreadReply) => receive(reply));
  const fail = (error: Error) => {
    if (worker === started) worker = undefined;
    for (const [id, call] of pending) {
      pending.delete(id);
      call.reject(error);
    }
  };
  started.on('error', (error) => fail(new LauncherError(`omnictl launcher thread failed: ${error.message}`)));
  started.on('exit', (code) => fail(new LauncherError(`omnictl launcher thread exited with code ${code}`)));
  worker = started;
  return started;
}

function receive(reply: ThreadReply): void {
  const call = pending.get(reply.id);
  if (!call) return;
  if (reply.type === 'chunk') {
    try {
      (reply.stream === 'stdout' ? call.request.onStdout : call.request.onStderr)?.(reply.data);
    } finally {
      // Told after this turn of the event loop: acknowledged at once, the thread would refill the
      // queue while it is being drained, and Node drains up to 1,000 messages in one go (64 MB
      // of output with no turn for Slack's acks in between).
      const handled = { type: 'handled', id: reply.id, stream: reply.stream } satisfies ThreadRequest;
      const to = worker;
      setImmediate(() => to?.postMessage(handled));
    }
    return;
  }
  pending.delete(reply.id);
  if (pending.size === 0) worker?.unref();
  if (reply.type === 'done') call.resolve(reply.result);
  else call.reject(new LauncherError(reply.message));
}

/**
 * Runs a process from the launcher thread (execa there: argument array, no shell, timeout,
 * SIGTERM then SIGKILL), so starting it never blocks this thread's event loop.
 */
export async function spawnOffMainThread(request: SpawnRequest): Promise<SpawnResult> {
  const { onStdout, stdoutFile } = request;
  if (onStdout === undefined || stdoutFile === undefined)
    return launch({ ...request, stdoutFile: undefined });
  try {
    const result = await launch(request);
    try {
      await readInChunks(stdoutFile, onStdout);
    } catch (error) {
      // A consumer's own error passes through; only a failed read is the launcher's.
      if (!(error instanceof Error && 'code' in error)) throw error;
      throw new LauncherError(`omnictl's output file could not be read: ${error.message}`, 'output');
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

function launch(request: SpawnRequest): Promise<SpawnResult> {
  const id = nextId++;
  const launcher = thread();
  const { signal } = request;
  const cancel = () => {
    if (pending.has(id)) launcher.postMessage({ type: 'cancel', id } satisfies ThreadRequest);
  };
  const settled = () => signal?.removeEventListener('abort', cancel);
  return new Promise<SpawnResult>((resolve, reject) => {
    pending.set(id, {
      request,
      resolve: (result) => {
        settled();
        resolve(result);
      },
      reject: (error) => {
        settled();
        reject(error);
      },
    });
    launcher.ref();
    launcher.postMessage({
      type: 'run',
      id,
      file: request.file,
      args: [...request.args],
      env: request.env,
      timeoutMs: request.timeoutMs,
      killGraceMs: request.killGraceMs,
      streamStdout: request.onStdout !== undefined,
      streamStderr: request.onStderr !== undefined,
      ...(request.stdoutFile === undefined ? {} : { stdoutFile: request.stdoutFile }),
      maxStdoutBytes: request.maxStdoutBytes ?? 2 ** 30,
    } satisfies ThreadRequest);
    if (signal?.aborted) cancel();
    else signal?.addEventListener('abort', cancel, { once: true });
  });
}

/**
 * Ends the launcher thread: calls still waiting fail with a LauncherError; their processes are not
 * killed. The next call starts a new thread. The bot never needs it (an idle thread does not keep
 * the process alive); tests use it to lose the thread on purpose.
 */
export async function stopLauncher(): Promise<void> {
  const running = worker;
  if (!running) return;
  worker = undefined;
  await running.terminate();
}

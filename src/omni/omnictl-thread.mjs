// @ts-check
// The worker thread that starts omnictl processes. Starting a process blocks the thread that does
// it (10–18 ms per process on a small VM), and the main thread must stay free to acknowledge Slack
// within 3 s, so every omnictl process is started here. Plain JavaScript so the worker starts with
// Node alone, the same way from the TypeScript sources and from the build.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { execa } from 'execa';

/**
 * @typedef {import('./spawn-off-main-thread.js').ThreadRequest} ThreadRequest
 * @typedef {import('./spawn-off-main-thread.js').ThreadReply} ThreadReply
 */

const port = parentPort;
if (port === null) throw new Error('omnictl-thread.mjs runs only as a worker thread');

/** @type {Map<number, AbortController>} */
const running = new Map();
/** Chunks sent and not yet handled by the main thread, per call and stream. @type {Map<string, { sent: number, readable: NodeJS.ReadableStream }>} */
const unhandled = new Map();
// A process can print faster than the main thread handles lines (1 GB from a step): past this many
// chunks in flight its pipe is paused, so memory stays bounded and the main thread's queue short,
// and its event loop keeps room for Slack's acks.
const MAX_CHUNKS_IN_FLIGHT = 8;

port.on('message', (/** @type {ThreadRequest} */ request) => {
  if (request.type === 'cancel') running.get(request.id)?.abort();
  else if (request.type === 'handled') handled(`${request.id}:${request.stream}`);
  else void start(request);
});

/** @param {string} key */
function handled(key) {
  const flow = unhandled.get(key);
  if (!flow) return;
  flow.sent -= 1;
  if (flow.sent < MAX_CHUNKS_IN_FLIGHT / 2 && flow.readable.isPaused()) flow.readable.resume();
}

/** @param {ThreadReply} reply @param {ArrayBuffer[]} [transfer] */
function reply(reply, transfer = []) {
  port?.postMessage(reply, transfer);
}

/** @param {Extract<ThreadRequest, { type: 'run' }>} request */
async function start(request) {
  const { id } = request;
  const controller = new AbortController();
  running.set(id, controller);
  // A large stdout goes to a new private file (0600) that the main thread reads after the exit;
  // the child gets its descriptor. Not execa's `{ file }` option: that pipes the output through
  // this thread, as a pipe to the main thread would (~25x the CPU of reading the file).
  const stdoutFd = request.stdoutFile === undefined ? undefined : openSync(request.stdoutFile, 'wx', 0o600);
  let tooLarge = false;
  const watchdog =
    stdoutFd === undefined
      ? undefined
      : setInterval(() => {
          if (fstatSync(stdoutFd).size <= request.maxStdoutBytes) return;
          tooLarge = true;
          controller.abort();
        }, 250);
  try {
    const subprocess = execa(request.file, request.args, {
      env: request.env,
      extendEnv: false,
      // omnictl prompts on stdin for some commands; with stdin closed it fails instead of hanging.
      stdin: 'ignore',
      stdout: stdoutOption(stdoutFd),
      reject: false,
      stripFinalNewline: false,
      timeout: request.timeoutMs,
      cancelSignal: controller.signal,
      // SIGTERM first; a child that ignores it (or a hung TLS dial) is SIGKILLed after the grace period.
      forceKillAfterDelay: request.killGraceMs,
      // Streamed stdout is not also collected here: the main thread gets it once, chunk by chunk.
      buffer: { stdout: !request.streamStdout && stdoutFd === undefined, stderr: true },
    });
    if (request.streamStdout && stdoutFd === undefined) forward(id, 'stdout', subprocess.stdout);
    if (request.streamStderr) forward(id, 'stderr', subprocess.stderr);
    const result = await subprocess;
    reply({
      type: 'done',
      id,
      result: {
        exitCode: result.exitCode,
        signal: result.signal,
        timedOut: result.timedOut,
        isCanceled: result.isCanceled && !tooLarge,
        isMaxBuffer: result.isMaxBuffer || tooLarge,
        code: 'code' in result && typeof result.code === 'string' ? result.code : undefined,
        shortMessage: tooLarge
          ? `stdout passed ${request.maxStdoutBytes} bytes; the process was stopped`
          : 'shortMessage' in result
            ? result.shortMessage
            : undefined,
        durationMs: result.durationMs,
        stdout: typeof result.stdout === 'string' ? result.stdout : '',
        stderr: typeof result.stderr === 'string' ? result.stderr : '',
      },
    });
  } catch (error) {
    reply({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  } finally {
    clearInterval(watchdog);
    if (stdoutFd !== undefined) closeSync(stdoutFd);
    running.delete(id);
  }
}

/**
 * execa takes any file descriptor at run time; its types list only 3 to 9.
 * @param {number | undefined} fd
 * @returns {'pipe'}
 */
function stdoutOption(fd) {
  return /** @type {'pipe'} */ (/** @type {unknown} */ (fd ?? 'pipe'));
}

/**
 * @param {number} id
 * @param {'stdout' | 'stderr'} stream
 * @param {NodeJS.ReadableStream | null} readable
 */
function forward(id, stream, readable) {
  if (!readable) return;
  const key = `${id}:${stream}`;
  const flow = { sent: 0, readable };
  unhandled.set(key, flow);
  readable.on('close', () => unhandled.delete(key));
  readable.on('data', (/** @type {Uint8Array} */ chunk) => {
    // A copy owns its memory, so it moves to the main thread without a second copy.
    const data = new Uint8Array(chunk);
    reply({ type: 'chunk', id, stream, data }, [data.buffer]);
    flow.sent += 1;
    if (flow.sent >= MAX_CHUNKS_IN_FLIGHT) readable.pause();
  });
}

import { createLineSplitter } from '../../omni/line-splitter.js';
import { createOutputCapture } from '../../omni/output-capture.js';
import type { ExecOptions } from '../remote-session.js';
import { KILL_AFTER_SECONDS, PID_LINE_PREFIX } from './remote-command-line.js';
import type { ExecChannel } from './ssh2-types.js';

export type ChannelOutcome = {
  exitCode: number | null;
  exitSignal?: string;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
};

type ChannelControl = {
  /** Asks the host to end the remote command (SIGTERM to its `timeout`, which forwards it). */
  killRemote(pid: number): void;
};

// After asking the host to stop the command: how long to wait for it before closing the channel anyway.
const FORCED_CLOSE_MS = (KILL_AFTER_SECONDS + 2) * 1_000;
// The remote `timeout` should end the command first; this timer only covers a host that does not.
const LOCAL_MARGIN_MS = (KILL_AFTER_SECONDS + 3) * 1_000;

/** Watches one exec channel to its end: output, exit status, local timeout and cancellation. */
export function runChannel(
  channel: ExecChannel,
  options: ExecOptions,
  control: ChannelControl,
): Promise<ChannelOutcome> {
  return new Promise((resolve) => {
    const stdout = createOutputCapture();
    const stderr = createOutputCapture();
    let exitCode: number | null = null;
    let exitSignal: string | undefined;
    let remotePid: number | undefined;
    let stopping: 'timeout' | 'aborted' | undefined;
    let forcedClose: NodeJS.Timeout | undefined;

    const onLine = options.onLine;
    const stdoutLines = createLineSplitter((line) => onLine?.(line, 'stdout'));
    const stderrLines = createLineSplitter((line) => {
      const pid = remotePid === undefined ? parsePidLine(line) : undefined;
      if (pid === undefined) return onLine?.(line, 'stderr');
      remotePid = pid;
      if (stopping) control.killRemote(pid);
    });

    function stop(reason: 'timeout' | 'aborted'): void {
      if (stopping) return;
      stopping = reason;
      // Without the pid yet, the kill waits for the pid line; the forced close bounds the wait.
      if (remotePid !== undefined) control.killRemote(remotePid);
      forcedClose = setTimeout(() => channel.close(), FORCED_CLOSE_MS);
    }

    const localTimer = setTimeout(() => stop('timeout'), options.timeoutMs + LOCAL_MARGIN_MS);
    const onAbort = () => stop('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    channel.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      stdoutLines.push(chunk);
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      stderrLines.push(chunk);
    });
    // ssh2: ('exit', code) for exit-status, ('exit', null, signalName, …) for exit-signal.
    channel.on('exit', (code: number | null, signalName?: string) => {
      if (typeof code === 'number') exitCode = code;
      else if (signalName) exitSignal = signalName;
    });
    channel.on('close', () => {
      clearTimeout(localTimer);
      clearTimeout(forcedClose);
      options.signal?.removeEventListener('abort', onAbort);
      stdoutLines.end();
      stderrLines.end();
      resolve({
        exitCode,
        ...(exitSignal === undefined ? {} : { exitSignal }),
        stdout: stdout.text(),
        stderr: withoutPidLine(stderr.text()),
        timedOut: stopping === 'timeout',
        aborted: stopping === 'aborted',
      });
    });
    // Nothing is sent on stdin; EOF now so a command that reads it does not wait.
    channel.end();
    if (options.signal?.aborted) stop('aborted');
  });
}

function parsePidLine(line: string): number | undefined {
  if (!line.startsWith(PID_LINE_PREFIX)) return undefined;
  const pid = Number(line.slice(PID_LINE_PREFIX.length));
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

function withoutPidLine(text: string): string {
  return text.replace(new RegExp(`^${PID_LINE_PREFIX}\\d+\\r?\\n`, 'm'), '');
}

import type pino from 'pino';
import type { ExecOptions, RemoteCommand } from '../remote-session.js';
import { boundedCall, StalledCall } from './bounded-call.js';
import { classifyExit } from './classify-exit.js';
import { remoteCommandLine } from './remote-command-line.js';
import { type ChannelOutcome, runChannel } from './run-channel.js';
import type { SshFailure } from './ssh-failure.js';
import type { SshResult, SshTarget } from './ssh-types.js';
import type { ExecChannel, SshClient } from './ssh2-types.js';

type ExecDeps = {
  client: SshClient;
  target: SshTarget;
  logger: pino.Logger;
  /** How long opening the exec channel may wait for the host. */
  operationTimeoutMs: number;
  onStall: () => void;
};

/** Runs one argv on the host under `timeout`; the result is judged by its exit code, not by stderr. */
export async function execRemote(
  deps: ExecDeps,
  command: RemoteCommand,
  options: ExecOptions,
): Promise<SshResult> {
  const { target, logger } = deps;
  const started = performance.now();
  const { outcome, failure: startFailure } = await runCommand(deps, command, options);
  const failure =
    startFailure ??
    classifyExit({ ...outcome, command, host: target.host, user: target.user, timeoutMs: options.timeoutMs });
  const durationMs = Math.round(performance.now() - started);

  // Host, argv, exit code and duration only: the output may hold anything the host prints.
  const facts = {
    host: target.host,
    cwd: command.cwd,
    argv: command.argv,
    exitCode: outcome.exitCode,
    durationMs,
  };
  if (failure) logger.warn({ ...facts, kind: failure.kind }, 'remote command failed');
  else logger.info(facts, 'remote command finished');
  return {
    exitCode: outcome.exitCode,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    durationMs,
    ...(failure ? { failure } : {}),
  };
}

async function runCommand(
  deps: ExecDeps,
  command: RemoteCommand,
  options: ExecOptions,
): Promise<{ outcome: ChannelOutcome; failure?: SshFailure }> {
  const { client, target, logger } = deps;
  if (options.signal?.aborted) return { outcome: notStarted({ aborted: true }) };
  let channel: ExecChannel;
  try {
    const opening = openExecChannel(client, remoteCommandLine(command, options.timeoutMs));
    channel = await boundedCall(
      'opening an exec channel',
      { timeoutMs: deps.operationTimeoutMs, signal: options.signal },
      () => opening,
    );
  } catch (error) {
    if (error instanceof StalledCall && error.reason === 'aborted')
      return { outcome: notStarted({ aborted: true }) };
    if (error instanceof StalledCall) deps.onStall();
    const detail = error instanceof Error ? error.message : String(error);
    const message = `The provider host ${target.host} did not let the bot start a command over SSH (${detail}). Check the connection and sshd's MaxSessions on the host.`;
    return { outcome: notStarted({ aborted: false }), failure: { kind: 'unreachable', message, detail } };
  }
  const outcome = await runChannel(channel, options, {
    killRemote: (pid) => killRemote(client, pid, logger),
  });
  return { outcome };
}

function notStarted(flags: { aborted: boolean }): ChannelOutcome {
  return { exitCode: null, stdout: '', stderr: '', timedOut: false, aborted: flags.aborted };
}

function openExecChannel(client: SshClient, commandLine: string): Promise<ExecChannel> {
  return new Promise((resolve, reject) => {
    client.exec(commandLine, (error, channel) => (error ? reject(error) : resolve(channel)));
  });
}

// A second channel sends the kill: closing the first does not end a command without a pty, and
// OpenSSH refuses channel `signal` requests for root logins (no privilege-separated child).
function killRemote(client: SshClient, pid: number, logger: pino.Logger): void {
  const warn = (error: unknown) =>
    logger.warn(
      { pid, detail: error instanceof Error ? error.message : String(error) },
      'could not ask the host to stop a remote command',
    );
  try {
    // Only while that pid is still our `timeout` wrapper: a pid the host reused is left alone.
    const command = `[ "$(ps -o comm= -p ${pid} 2>/dev/null)" = timeout ] && kill -TERM ${pid}`;
    client.exec(command, (error, channel) => {
      if (error) return warn(error);
      channel.resume();
      channel.stderr.resume();
      channel.end();
    });
  } catch (error) {
    warn(error);
  }
}

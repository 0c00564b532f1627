import type pino from 'pino';
import { classifyExit } from './classify-exit.js';
import { remoteCommandLine } from './remote-command-line.js';
import { type ChannelOutcome, runChannel } from './run-channel.js';
import type { ExecChannel, SshClient } from './ssh2-types.js';
import type { ExecOptions, RemoteCommand, SshResult, SshTarget } from './ssh-types.js';

export type ExecDeps = { client: SshClient; target: SshTarget; logger: pino.Logger };

/** Runs one argv on the host under `timeout`; the result is judged by its exit code. */
export async function execRemote(deps: ExecDeps, command: RemoteCommand, options: ExecOptions): Promise<SshResult> {
  const { client, target, logger } = deps;
  const started = performance.now();
  const outcome = options.signal?.aborted ? notStarted({ aborted: true }) : await start(deps, command, options);
  const failure =
    'failure' in outcome
      ? outcome.failure
      : classifyExit({ ...outcome, command, host: target.host, user: target.user, timeoutMs: options.timeoutMs });
  const durationMs = Math.round(performance.now() - started);
  const result: SshResult = {
    exitCode: outcome.exitCode,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    durationMs,
    ...(failure ? { failure } : {}),
  };
  // Host, argv, exit code and duration only: output may hold anything the host prints.
  const facts = { host: target.host, cwd: command.cwd, argv: command.argv, exitCode: result.exitCode, durationMs };
  if (failure) logger.warn({ ...facts, kind: failure.kind }, 'remote command failed');
  else logger.info(facts, 'remote command finished');

  async function start(
    _deps: ExecDeps,
    cmd: RemoteCommand,
    opts: ExecOptions,
  ): Promise<ChannelOutcome | (ChannelOutcome & { failure: NonNullable<SshResult['failure']> })> {
    let channel: ExecChannel;
    try {
      channel = await openExecChannel(client, remoteCommandLine(cmd, opts.timeoutMs));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const message = `The provider host ${target.host} did not let the bot start a command over SSH (${detail}). Check sshd's MaxSessions and the host's load.`;
      return { ...notStarted({ aborted: false }), failure: { kind: 'unreachable', message, detail } };
    }
    return runChannel(channel, opts, { killRemote: (pid) => killRemote(client, pid, logger) });
  }

  return result;
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
// OpenSSH ignores channel `signal` requests for root logins (no privilege-separated child).
function killRemote(client: SshClient, pid: number, logger: pino.Logger): void {
  try {
    client.exec(`kill -TERM ${pid}`, (error, channel) => {
      if (error) {
        logger.warn({ pid, detail: error.message }, 'could not send kill to the remote command');
        return;
      }
      channel.resume();
      channel.stderr.resume();
      channel.end();
    });
  } catch (error) {
    logger.warn({ pid, detail: error instanceof Error ? error.message : String(error) }, 'could not send kill to the remote command');
  }
}

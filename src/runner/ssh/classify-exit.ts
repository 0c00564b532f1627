import type { RemoteCommand } from '../remote-session.js';
import type { SshFailure } from './ssh-failure.js';

export type ExitOutcome = {
  command: RemoteCommand;
  host: string;
  user: string;
  exitCode: number | null;
  /** Set when the remote process was killed by a signal (ssh `exit-signal`). */
  exitSignal?: string;
  stdout: string;
  stderr: string;
  timeoutMs: number;
  /** The bot's own timer ran out (the remote `timeout` should have come first). */
  timedOut: boolean;
  aborted: boolean;
};

// coreutils `timeout`: 124 when it stopped the command, 137 (128+KILL) when --kill-after had to.
const TIMEOUT_EXIT_CODES = new Set([124, 137]);
const NOT_FOUND_EXIT_CODE = 127;
const TAIL_LINES = 20;

/** Judges a remote command by its exit code; stderr output alone is never a failure. */
export function classifyExit(outcome: ExitOutcome): SshFailure | undefined {
  const shown = `\`${outcome.command.argv.join(' ')}\``;
  const on = `on the provider host ${outcome.host}`;
  const detail = outputTail(outcome.stderr, outcome.stdout);
  if (outcome.aborted) {
    return {
      kind: 'aborted',
      message: `${shown} was cancelled and stopped ${on}. Check the provider's state before retrying.`,
      detail,
    };
  }
  if (outcome.timedOut || (outcome.exitCode !== null && TIMEOUT_EXIT_CODES.has(outcome.exitCode))) {
    const seconds = Math.ceil(outcome.timeoutMs / 1_000);
    return {
      kind: 'timeout',
      message: `${shown} did not finish within ${seconds} s ${on} and was stopped. Check the provider's state before retrying.`,
      detail,
    };
  }
  if (outcome.exitCode === 0) return undefined;
  if (outcome.exitCode === NOT_FOUND_EXIT_CODE) return notFound(outcome, detail);
  if (outcome.exitCode === null && outcome.exitSignal === undefined) {
    return {
      kind: 'unreachable',
      message: `The SSH connection to ${outcome.host} ended before ${shown} finished; it may or may not have run. Check the provider's state before retrying.`,
      detail,
    };
  }
  const how =
    outcome.exitCode === null
      ? `was killed by signal ${outcome.exitSignal}`
      : `failed with exit code ${outcome.exitCode}`;
  const last = lastLine(outcome.stderr) ?? lastLine(outcome.stdout);
  return {
    kind: 'exit',
    message: `${shown} ${how} ${on}${last === undefined ? '.' : `: ${truncate(last, 300)}`}`,
    detail,
  };
}

// 127 comes from `timeout` ("failed to run command 'docker'") or from the shell when `timeout` itself is missing.
function notFound(outcome: ExitOutcome, detail: string): SshFailure {
  const timeoutMissing = /timeout: (command )?not found|exec: timeout/.test(outcome.stderr);
  const program = timeoutMissing ? 'timeout (coreutils)' : (outcome.command.argv[0] ?? '');
  const install = timeoutMissing ? 'Install coreutils' : `Install ${program}`;
  return {
    kind: 'command-not-found',
    message: `${program} is not installed or not on PATH on the provider host ${outcome.host} (user ${outcome.user}). ${install} there, or put it on that user's PATH.`,
    detail,
  };
}

function outputTail(stderr: string, stdout: string): string {
  const lines = `${stdout}\n${stderr}`.split('\n').filter((line) => line.trim() !== '');
  return lines.slice(-TAIL_LINES).join('\n');
}

function lastLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .at(-1);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

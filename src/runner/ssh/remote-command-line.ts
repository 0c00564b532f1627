import type { RemoteCommand } from '../remote-session.js';
import { quoteForShell } from './quote-for-shell.js';

/** Seconds between the remote `timeout`'s SIGTERM and its SIGKILL. */
export const KILL_AFTER_SECONDS = 5;

/** The first stderr line of every remote command: the pid the bot kills to cancel it. */
export const PID_LINE_PREFIX = 'omni-chatops-remote-pid=';

/**
 * The one line sshd hands to the login shell. Every word is quoted; the shell only sees `cd`, `echo`
 * and `exec`. `timeout` (coreutils) ends the command on the host even if the bot is gone. The
 * announced pid (the shell's, which `exec` turns into `timeout`'s) lets the bot cancel it: closing
 * the channel does not end a command without a pty, and OpenSSH refuses channel signals for root.
 */
export function remoteCommandLine(command: RemoteCommand, timeoutMs: number): string {
  if (command.argv.length === 0) throw new Error('remoteCommandLine: argv is empty');
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1_000));
  const words = command.argv.map(quoteForShell).join(' ');
  const run = `echo ${PID_LINE_PREFIX}$$ >&2 && exec timeout --kill-after=${KILL_AFTER_SECONDS} ${seconds} ${words}`;
  return command.cwd === undefined ? run : `cd ${quoteForShell(command.cwd)} && ${run}`;
}

// The runner's view of the provider host, defined here so the runner never imports its adapter;
// the SSH adapter (src/runner/ssh) implements it with its own failure kinds.

import type { Failure } from '../failure-error.js';

type RemoteFailure = Failure;

/** What to run on the host: argv words, never a shell string from outside. */
export type RemoteCommand = { cwd?: string; argv: readonly string[] };

export type ExecOptions = {
  timeoutMs: number;
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
};

export type RemoteResult<Failure extends RemoteFailure = RemoteFailure> = {
  /** null when the command did not exit by itself (killed, cancelled, connection lost). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  failure?: Failure;
};

export type RemoteSession<Failure extends RemoteFailure = RemoteFailure> = {
  exec(command: RemoteCommand, options: ExecOptions): Promise<RemoteResult<Failure>>;
  /** The file's text, or undefined when it does not exist. Throws otherwise. */
  readFile(path: string, options?: { signal?: AbortSignal }): Promise<string | undefined>;
  /**
   * Atomic replace: writes `<path>.tmp-<random>` (mode 0600), keeps the old file as
   * `<path>.bak-<stamp>` (mode 0600), renames over. Returns the backup path (none if no old file).
   */
  writeFileAtomic(
    path: string,
    contents: string,
    options: { mode: number; backupStamp: string; signal?: AbortSignal },
  ): Promise<{ backupPath?: string }>;
  /**
   * Creates `path`, which must not exist yet, with `mode` (whatever the umask) and syncs it; never
   * replaces a file. Throws when it exists or cannot be written.
   */
  createFile(path: string, contents: string, options: { mode: number; signal?: AbortSignal }): Promise<void>;
  /** Puts the backup's contents back at `path`, atomically; the backup is kept. */
  restoreBackup(path: string, backupPath: string): Promise<void>;
  close(): Promise<void>;
};

export type RemoteConnector<Failure extends RemoteFailure = RemoteFailure> = {
  connect(): Promise<RemoteSession<Failure> | Failure>;
};

export function isRemoteFailure(value: RemoteSession | RemoteFailure): value is RemoteFailure {
  return 'kind' in value && 'message' in value;
}

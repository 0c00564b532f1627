import type { SshFailure } from './ssh-failure.js';

export type SshTarget = {
  host: string;
  port: number;
  user: string;
  /** Private key file (PROVIDER_SSH_KEY_FILE). */
  keyFile: string;
  /** Pinned host key, `SHA256:…` as `ssh-keygen -lf` prints it. */
  hostKey: string;
};

/** What to run on the host: argv words, never a shell string from outside. */
export type RemoteCommand = { cwd?: string; argv: readonly string[] };

export type ExecOptions = {
  timeoutMs: number;
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
};

export type SshResult = {
  /** null when the command did not exit by itself (killed, cancelled, connection lost). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  failure?: SshFailure;
};

export type SshSession = {
  exec(command: RemoteCommand, options: ExecOptions): Promise<SshResult>;
  /** The file's text, or undefined when it does not exist. Throws SshError (kind `sftp`) otherwise. */
  readFile(path: string, options?: { signal?: AbortSignal }): Promise<string | undefined>;
  /**
   * Atomic replace over SFTP: writes `<path>.tmp-<random>` (mode 0600), keeps the old file as
   * `<path>.bak-<stamp>` (mode 0600), renames over. Returns the backup path (none if no old file).
   */
  writeFileAtomic(
    path: string,
    contents: string,
    options: { mode: number; backupStamp: string; signal?: AbortSignal },
  ): Promise<{ backupPath?: string }>;
  /**
   * Creates `path`, which must not exist yet, with `mode` (whatever the umask) and syncs it; never
   * replaces a file. Throws SshError (kind `sftp`) when it exists or cannot be written.
   */
  createFile(path: string, contents: string, options: { mode: number; signal?: AbortSignal }): Promise<void>;
  /** Puts the backup's contents back at `path`, atomically; the backup is kept. */
  restoreBackup(path: string, backupPath: string): Promise<void>;
  close(): Promise<void>;
};

export type SshConnector = { connect(): Promise<SshSession | SshFailure> };

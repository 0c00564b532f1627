// The runner's view of the provider host: what the SSH adapter (src/runner/ssh) provides.
type RemoteFailure = { kind: string; message: string; detail: string };
type RemoteResult = {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  failure?: RemoteFailure;
};

type RemoteSession = {
  exec(
    command: { cwd?: string; argv: readonly string[] },
    options: {
      timeoutMs: number;
      signal?: AbortSignal;
      onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
    },
  ): Promise<RemoteResult>;
  readFile(path: string, options?: { signal?: AbortSignal }): Promise<string | undefined>;
  writeFileAtomic(
    path: string,
    contents: string,
    options: { mode: number; backupStamp: string; signal?: AbortSignal },
  ): Promise<{ backupPath?: string }>;
  createFile(path: string, contents: string, options: { mode: number; signal?: AbortSignal }): Promise<void>;
  restoreBackup(path: string, backupPath: string): Promise<void>;
  close(): Promise<void>;
};

export type RemoteConnector = { connect(): Promise<RemoteSession | RemoteFailure> };

export function isRemoteFailure(value: RemoteSession | RemoteFailure): value is RemoteFailure {
  return 'kind' in value && 'message' in value;
}

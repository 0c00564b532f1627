import type { RemoteConnector, RemoteResult, RemoteSession } from '../../src/runner/remote-session.js';

export type RemoteCall =
  | { call: 'exec'; cwd?: string; argv: string[] }
  | { call: 'createFile' | 'writeFileAtomic'; path: string }
  | { call: 'restoreBackup'; path: string; backupPath: string };

export type RecordingRemote = RemoteConnector & {
  // The provider host's files, by path: what the steps left there.
  files: Map<string, string>;
  calls: RemoteCall[];
};

/**
 * The provider host in memory: files written and restored as the SSH adapter would, every call
 * recorded, and `exec` answered by `script` (by the joined argv; unscripted: exit 0).
 */
export function createRecordingRemote(
  files: Record<string, string> = {},
  script: (argv: readonly string[]) => Partial<RemoteResult> | undefined = () => undefined,
): RecordingRemote {
  const state = new Map(Object.entries(files));
  const calls: RemoteCall[] = [];
  const session: RemoteSession = {
    async exec(command) {
      calls.push({ call: 'exec', cwd: command.cwd, argv: [...command.argv] });
      return { exitCode: 0, stdout: '', stderr: '', durationMs: 0, ...script(command.argv) };
    },
    async readFile(path) {
      return state.get(path);
    },
    async writeFileAtomic(path, contents, options) {
      calls.push({ call: 'writeFileAtomic', path });
      const previous = state.get(path);
      const backupPath = previous === undefined ? undefined : `${path}.bak-${options.backupStamp}`;
      if (backupPath !== undefined && previous !== undefined) state.set(backupPath, previous);
      state.set(path, contents);
      return { backupPath };
    },
    async createFile(path, contents) {
      calls.push({ call: 'createFile', path });
      if (state.has(path)) throw new Error(`${path} exists`);
      state.set(path, contents);
    },
    async restoreBackup(path, backupPath) {
      calls.push({ call: 'restoreBackup', path, backupPath });
      const backup = state.get(backupPath);
      if (backup === undefined) throw new Error(`${backupPath} is missing`);
      state.set(path, backup);
    },
    async close() {},
  };
  return { files: state, calls, connect: async () => session };
}

import type { SftpCallback, SftpClient } from './ssh2-types.js';

// SFTP status code for a missing file (draft-ietf-secsh-filexfer: SSH_FX_NO_SUCH_FILE).
const NO_SUCH_FILE = 2;
const WRITE_CHUNK = 32 * 1024;

export type SftpCalls = ReturnType<typeof sftpCalls>;

/** Promise versions of the few ssh2 SFTP calls the runner needs. */
export function sftpCalls(sftp: SftpClient) {
  const call = <T = void>(start: (callback: SftpCallback<T>) => void): Promise<T> =>
    new Promise((resolve, reject) => {
      try {
        start((error, value) => (error ? reject(error) : resolve(value)));
      } catch (error) {
        // ssh2 throws synchronously when the server lacks an extension.
        reject(error);
      }
    });

  return {
    /** The file's bytes, or undefined when it does not exist. */
    async readIfExists(path: string): Promise<Buffer | undefined> {
      try {
        return await call<Buffer>((done) => sftp.readFile(path, done));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    /**
     * Creates a file that must not exist yet, with `mode` whatever the server's umask, and syncs it.
     * A file this call created but could not finish is removed: no half-written secret is left.
     */
    async writeNew(path: string, data: Buffer, mode: number): Promise<void> {
      const handle = await call<Buffer>((done) => sftp.open(path, 'wx', { mode }, done));
      let written = false;
      try {
        await call((done) => sftp.fchmod(handle, mode, done));
        for (let offset = 0; offset < data.length; offset += WRITE_CHUNK) {
          const length = Math.min(WRITE_CHUNK, data.length - offset);
          await call((done) => sftp.write(handle, data, offset, length, offset, done));
        }
        // fsync@openssh.com is an extension; without it the rename is still atomic, just not durable.
        await call((done) => sftp.ext_openssh_fsync(handle, done)).catch(() => undefined);
        written = true;
      } finally {
        try {
          await call((done) => sftp.close(handle, done));
        } finally {
          if (!written) await call((done) => sftp.unlink(path, done)).catch(() => undefined);
        }
      }
    },
    /** rename(2) semantics: replaces `target` atomically (plain SFTP rename refuses an existing target). */
    replace: (source: string, target: string) =>
      call((done) => sftp.ext_openssh_rename(source, target, done)),
    removeQuietly: (path: string) => call((done) => sftp.unlink(path, done)).catch(() => undefined),
  };
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === NO_SUCH_FILE;
}

import { type Bounds, boundedCall, StalledCall } from './bounded-call.js';
import type { SftpCallback, SftpClient } from './ssh2-types.js';

// SFTP status code for a missing file (draft-ietf-secsh-filexfer: SSH_FX_NO_SUCH_FILE).
const NO_SUCH_FILE = 2;
const WRITE_CHUNK = 32 * 1024;
/** The largest file the bot reads back (an env file is a few hundred bytes). */
const MAX_READ_BYTES = 1024 * 1024;

export type SftpCalls = ReturnType<typeof sftpCalls>;

/**
 * Promise versions of the few ssh2 SFTP calls the runner needs, each bounded by `bounds` (a
 * timeout per call, and the run's Cancel).
 */
export function sftpCalls(sftp: SftpClient, bounds: Bounds & { onTimeout?: () => void }) {
  const call = <T = void>(start: (callback: SftpCallback<T>) => void, what = 'an SFTP request'): Promise<T> =>
    boundedCallWithHook(
      what,
      bounds,
      () =>
        new Promise<T>((resolve, reject) => {
          try {
            start((error, value) => (error ? reject(error) : resolve(value)));
          } catch (error) {
            // ssh2 throws synchronously when the server lacks an extension.
            reject(error);
          }
        }),
    );

  return {
    /** The file's bytes, or undefined when it does not exist. */
    async readIfExists(path: string): Promise<Buffer | undefined> {
      try {
        const { size } = await call<{ size: number }>((done) => sftp.stat(path, done), `stat ${path}`);
        if (size > MAX_READ_BYTES)
          throw new Error(`${path} is ${size} bytes, more than the ${MAX_READ_BYTES} the bot reads`);
        return await call<Buffer>((done) => sftp.readFile(path, done), `read ${path}`);
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
      const handle = await call<Buffer>((done) => sftp.open(path, 'wx', { mode }, done), `open ${path}`);
      let written = false;
      try {
        await call((done) => sftp.fchmod(handle, mode, done));
        for (let offset = 0; offset < data.length; offset += WRITE_CHUNK) {
          const length = Math.min(WRITE_CHUNK, data.length - offset);
          await call((done) => sftp.write(handle, data, offset, length, offset, done), `write ${path}`);
        }
        // fsync@openssh.com is an extension; without it the rename is still atomic, just not durable.
        await call((done) => sftp.ext_openssh_fsync(handle, done)).catch(() => undefined);
        written = true;
      } finally {
        // Cleanup still runs after a Cancel (the file must not be left half-written), bounded by time.
        const cleanup = sftpCalls(sftp, { timeoutMs: bounds.timeoutMs, onTimeout: bounds.onTimeout });
        try {
          await cleanup.closeHandle(handle);
        } finally {
          if (!written) await cleanup.removeQuietly(path);
        }
      }
    },
    /** rename(2) semantics: replaces `target` atomically (plain SFTP rename refuses an existing target). */
    replace: (source: string, target: string) =>
      call((done) => sftp.ext_openssh_rename(source, target, done)),
    removeQuietly: (path: string) => call((done) => sftp.unlink(path, done)).catch(() => undefined),
    closeHandle: (handle: Buffer) => call((done) => sftp.close(handle, done)),
  };
}

// A call that timed out tells the session, which closes the connection: every later call on it
// then fails at once instead of waiting its own timeout on a host that stopped answering.
function boundedCallWithHook<T>(
  what: string,
  bounds: Bounds & { onTimeout?: () => void },
  start: () => Promise<T>,
): Promise<T> {
  return boundedCall(what, bounds, start).catch((error: unknown) => {
    if (error instanceof StalledCall && error.reason === 'timeout') bounds.onTimeout?.();
    throw error;
  });
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === NO_SUCH_FILE;
}

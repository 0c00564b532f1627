import { randomBytes } from 'node:crypto';
import type pino from 'pino';
import { boundedCall, StalledCall } from './bounded-call.js';
import { type SftpCalls, sftpCalls } from './sftp-calls.js';
import { SshError } from './ssh-error.js';
import type { SshFailure } from './ssh-failure.js';
import type { SshSession } from './ssh-types.js';
import type { SftpClient } from './ssh2-types.js';

type FileOps = Pick<SshSession, 'readFile' | 'writeFileAtomic' | 'createFile' | 'restoreBackup'>;
type CallOptions = { signal?: AbortSignal };

// Backups hold the old secret: readable by the owner only, like the file they copy should be.
const BACKUP_MODE = 0o600;

/**
 * File operations over SFTP. Contents never reach a log or a command line: the provider's env
 * file holds its service-account key.
 */
export function createRemoteFiles(options: {
  host: string;
  openSftp: () => Promise<SftpClient>;
  logger: pino.Logger;
  /** Each SFTP request (and opening the SFTP channel) waits at most this long for the host. */
  operationTimeoutMs: number;
  /** The host stopped answering: the session closes the connection. */
  onStall: () => void;
}): FileOps {
  const { host, logger, operationTimeoutMs } = options;

  async function withSftp<T>(
    action: string,
    path: string,
    callOptions: CallOptions,
    work: (sftp: SftpCalls) => Promise<T>,
  ): Promise<T> {
    const bounds = { timeoutMs: operationTimeoutMs, signal: callOptions.signal, onTimeout: options.onStall };
    let sftp: SftpClient | undefined;
    try {
      const opening = options.openSftp();
      sftp = await boundedCall('opening the SFTP channel', bounds, () => opening).catch((error: unknown) => {
        // A channel that opens after the wait was given up is closed, not leaked.
        opening.then(
          (late) => late.end(),
          () => undefined,
        );
        if (error instanceof StalledCall && error.reason === 'timeout') options.onStall();
        throw error;
      });
      return await work(sftpCalls(sftp, bounds));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      logger.warn({ path, action, detail }, 'sftp operation failed');
      throw new SshError(sftpFailure(action, path, error, detail), { cause: error });
    } finally {
      sftp?.end();
    }
  }

  function sftpFailure(action: string, path: string, error: unknown, detail: string): SshFailure {
    if (error instanceof StalledCall && error.reason === 'aborted')
      return { kind: 'aborted', message: `Cancelled during the SFTP ${action} of ${path}.`, detail };
    if (error instanceof StalledCall)
      return {
        kind: 'timeout',
        message: `The provider host ${host} stopped answering over SFTP (${detail}) while the bot was to ${action} ${path}; the bot closed the connection. Check the host and the network, and /omni provider-status.`,
        detail,
      };
    return {
      kind: 'sftp',
      message: `The bot could not ${action} ${path} on the provider host ${host} over SFTP (${detail}). Check that the file and its directory exist and that the SSH user may write there.`,
      detail,
    };
  }

  // Writes `data` next to `path` and renames it over, so readers see the old or the new file, never half.
  async function replaceAtomically(sftp: SftpCalls, path: string, data: Buffer, mode: number): Promise<void> {
    const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      await sftp.writeNew(temp, data, mode);
      await sftp.replace(temp, path);
    } catch (error) {
      await sftp.removeQuietly(temp);
      throw error;
    }
  }

  return {
    async readFile(path, callOptions = {}) {
      return withSftp('read', path, callOptions, async (sftp) =>
        (await sftp.readIfExists(path))?.toString('utf8'),
      );
    },

    async writeFileAtomic(path, contents, { mode, backupStamp, signal }) {
      if (!/^[A-Za-z0-9._-]+$/.test(backupStamp))
        throw new Error(`writeFileAtomic: unsafe backup stamp ${backupStamp}`);
      const backupPath = await withSftp('replace', path, { signal }, async (sftp) => {
        const old = await sftp.readIfExists(path);
        const backup = old === undefined ? undefined : `${path}.bak-${backupStamp}`;
        if (backup !== undefined && old !== undefined) await sftp.writeNew(backup, old, BACKUP_MODE);
        await replaceAtomically(sftp, path, Buffer.from(contents, 'utf8'), mode);
        return backup;
      });
      logger.info({ path, backupPath }, 'remote file replaced');
      return backupPath === undefined ? {} : { backupPath };
    },

    async createFile(path, contents, { mode, signal }) {
      await withSftp('create', path, { signal }, (sftp) =>
        sftp.writeNew(path, Buffer.from(contents, 'utf8'), mode),
      );
      logger.info({ path }, 'remote file created');
    },

    async restoreBackup(path, backupPath) {
      // Not cancellable: a rollback runs after a Cancel too.
      await withSftp('restore', path, {}, async (sftp) => {
        const saved = await sftp.readIfExists(backupPath);
        if (saved === undefined) throw new Error(`backup ${backupPath} does not exist`);
        await replaceAtomically(sftp, path, saved, BACKUP_MODE);
      });
      logger.info({ path, backupPath }, 'remote file restored from backup');
    },
  };
}

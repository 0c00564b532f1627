import { randomBytes } from 'node:crypto';
import type pino from 'pino';
import { type SftpCalls, sftpCalls } from './sftp-calls.js';
import { SshError } from './ssh-error.js';
import type { SshSession } from './ssh-types.js';
import type { SftpClient } from './ssh2-types.js';

type FileOps = Pick<SshSession, 'readFile' | 'writeFileAtomic' | 'createFile' | 'restoreBackup'>;

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
}): FileOps {
  const { host, logger } = options;

  async function withSftp<T>(
    action: string,
    path: string,
    work: (sftp: SftpCalls) => Promise<T>,
  ): Promise<T> {
    let sftp: SftpClient | undefined;
    try {
      sftp = await options.openSftp();
      return await work(sftpCalls(sftp));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      logger.warn({ path, action, detail }, 'sftp operation failed');
      const message = `The bot could not ${action} ${path} on the provider host ${host} over SFTP (${detail}). Check that the file and its directory exist and that the SSH user may write there.`;
      throw new SshError({ kind: 'sftp', message, detail }, { cause: error });
    } finally {
      sftp?.end();
    }
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
    async readFile(path) {
      return withSftp('read', path, async (sftp) => (await sftp.readIfExists(path))?.toString('utf8'));
    },

    async writeFileAtomic(path, contents, { mode, backupStamp }) {
      if (!/^[A-Za-z0-9._-]+$/.test(backupStamp))
        throw new Error(`writeFileAtomic: unsafe backup stamp ${backupStamp}`);
      const backupPath = await withSftp('replace', path, async (sftp) => {
        const old = await sftp.readIfExists(path);
        const backup = old === undefined ? undefined : `${path}.bak-${backupStamp}`;
        if (backup !== undefined && old !== undefined) await sftp.writeNew(backup, old, BACKUP_MODE);
        await replaceAtomically(sftp, path, Buffer.from(contents, 'utf8'), mode);
        return backup;
      });
      logger.info({ path, backupPath }, 'remote file replaced');
      return backupPath === undefined ? {} : { backupPath };
    },

    async createFile(path, contents, { mode }) {
      await withSftp('create', path, (sftp) => sftp.writeNew(path, Buffer.from(contents, 'utf8'), mode));
      logger.info({ path }, 'remote file created');
    },

    async restoreBackup(path, backupPath) {
      await withSftp('restore', path, async (sftp) => {
        const saved = await sftp.readIfExists(backupPath);
        if (saved === undefined) throw new Error(`backup ${backupPath} does not exist`);
        await replaceAtomically(sftp, path, saved, BACKUP_MODE);
      });
      logger.info({ path, backupPath }, 'remote file restored from backup');
    },
  };
}

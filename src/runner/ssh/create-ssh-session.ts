import type pino from 'pino';
import { execRemote } from './exec-remote.js';
import { createRemoteFiles } from './remote-files.js';
import type { SshSession, SshTarget } from './ssh-types.js';
import type { SftpClient, SshClient } from './ssh2-types.js';

const CLOSE_WAIT_MS = 2_000;

/** One authenticated connection: commands over exec channels, files over SFTP. */
export function createSshSession(deps: {
  client: SshClient;
  target: SshTarget;
  logger: pino.Logger;
  openSftp: () => Promise<SftpClient>;
  /** How long one SSH operation (an SFTP request, opening a channel) may wait for the host. */
  operationTimeoutMs: number;
}): SshSession {
  const { client, target, logger } = deps;
  let closed: Promise<void> | undefined;
  let ended = false;
  client.once('close', () => {
    ended = true;
  });
  // A host that stopped answering: the socket goes at once; what waits on it fails.
  const onStall = () => {
    logger.warn({ host: target.host }, 'ssh host stopped answering; connection closed');
    client.destroy();
  };
  const files = createRemoteFiles({
    host: target.host,
    openSftp: deps.openSftp,
    logger,
    operationTimeoutMs: deps.operationTimeoutMs,
    onStall,
  });

  return {
    exec: (command, options) =>
      execRemote(
        { client, target, logger, operationTimeoutMs: deps.operationTimeoutMs, onStall },
        command,
        options,
      ),
    ...files,
    close() {
      if (ended) return Promise.resolve();
      closed ??= new Promise<void>((resolve) => {
        // Waits for the socket to close so a test (or shutdown) does not leave it behind; bounded.
        const timer = setTimeout(() => {
          client.destroy();
          resolve();
        }, CLOSE_WAIT_MS);
        client.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        client.end();
      });
      return closed;
    },
  };
}

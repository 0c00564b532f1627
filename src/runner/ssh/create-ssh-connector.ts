import type pino from 'pino';
import { classifyConnectError } from './classify-connect-error.js';
import { createSshSession } from './create-ssh-session.js';
import { hostKeyFingerprint, isSameFingerprint } from './host-key-fingerprint.js';
import type { SshConnector, SshTarget } from './ssh-types.js';
import type { SshClient } from './ssh2-types.js';

export type SshConnectorOptions = {
  target: SshTarget;
  connectTimeoutMs: number;
  logger: pino.Logger;
  /** How long one SSH operation (an SFTP request, opening a channel) may wait (default 30 s). */
  operationTimeoutMs?: number;
  /** Keepalive: a probe after this much silence (default 10 s); the link is dropped after 3 unanswered. */
  keepaliveIntervalMs?: number;
};

/** Opens SSH sessions to the provider host: key-file auth and a pinned host key, nothing else. */
export function createSshConnector(options: SshConnectorOptions): SshConnector {
  const { target, connectTimeoutMs } = options;
  const logger = options.logger.child({ component: 'ssh', host: target.host, port: target.port });

  return {
    async connect() {
      // Loaded on the first connection, not at start-up: ssh2 costs ~110 ms to import, and many
      // bots never reach the provider host or only rarely do.
      const { NodeSSH } = await import('node-ssh');
      const ssh = new NodeSSH();
      let refusedHostKey: string | undefined;
      try {
        await ssh.connect({
          host: target.host,
          port: target.port,
          username: target.user,
          privateKeyPath: target.keyFile,
          readyTimeout: connectTimeoutMs,
          // A dropped link (host gone, NAT timeout) ends the connection instead of hanging a run.
          keepaliveInterval: options.keepaliveIntervalMs ?? 10_000,
          keepaliveCountMax: 3,
          // Only the pinned key: no agent, no password, no keyboard-interactive.
          tryKeyboard: false,
          // With `hostHash` unset, ssh2 1.17 passes the raw key blob; false aborts the handshake before auth.
          hostVerifier: (key: Buffer) => {
            const offered = hostKeyFingerprint(key);
            if (isSameFingerprint(offered, target.hostKey)) return true;
            refusedHostKey = offered;
            return false;
          },
        });
      } catch (error) {
        ssh.dispose();
        const failure = classifyConnectError(error, {
          target,
          connectTimeoutMs,
          ...(refusedHostKey === undefined ? {} : { offeredHostKey: refusedHostKey }),
        });
        logger.warn({ kind: failure.kind, detail: failure.detail }, 'ssh connect failed');
        return failure;
      }
      const client = ssh.connection as unknown as SshClient;
      // node-ssh drops its error listener once connected; without one a late error would crash the bot.
      client.on('error', (error: Error) => logger.warn({ detail: error.message }, 'ssh connection error'));
      logger.debug({ user: target.user }, 'ssh connected');
      return createSshSession({
        client,
        target,
        logger,
        openSftp: () => ssh.requestSFTP(),
        operationTimeoutMs: options.operationTimeoutMs ?? 30_000,
      });
    },
  };
}

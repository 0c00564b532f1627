import type { RemoteConnector, RemoteResult, RemoteSession } from '../remote-session.js';
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

// The runner's remote-session port, with the SSH adapter's failure kinds (SshError throws `sftp`).
export type SshResult = RemoteResult<SshFailure>;
export type SshSession = RemoteSession<SshFailure>;
export type SshConnector = RemoteConnector<SshFailure>;

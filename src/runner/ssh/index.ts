// The SSH runner's public surface; everything else in this folder is an implementation detail.

export type { ExecOptions, RemoteCommand } from '../remote-session.js';
export { createSshConnector, type SshConnectorOptions } from './create-ssh-connector.js';
export { quoteForShell } from './quote-for-shell.js';
export { SshError } from './ssh-error.js';
export { isSshFailure, type SshFailure, type SshFailureKind } from './ssh-failure.js';
export type { SshConnector, SshResult, SshSession, SshTarget } from './ssh-types.js';

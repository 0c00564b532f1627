/**
 * Start-up cannot go on: one line that names what to check. Thrown by the checks of each outside
 * service (Slack's tokens, Proxmox's settings), so it belongs to none of them.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

// The one error family of the fake: whatever reaches main() is printed as cobra prints it.

export class CliError extends Error {
  /**
   * @param {string} message printed as `Error: <message>`
   * @param {{exitCode?: number, usageHint?: string}} [options] usageHint (a command path) adds
   *   cobra's `Run '<path> --help' for usage.` line (command lookup errors)
   */
  constructor(message, options = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? 1;
    this.usageHint = options.usageHint ?? null;
  }
}

/** The state backend's NotFound text (cosi state-sqlite / state-etcd). */
export function notFoundError(fullType, namespace, id) {
  return new CliError(
    `rpc error: code = NotFound desc = resource ${fullType}(${namespace}/${id}@undefined) doesn't exist`,
  );
}

export const readOnlyError = () =>
  new CliError('rpc error: code = PermissionDenied desc = only read access is permitted');

export const insufficientRoleError = (role) =>
  new CliError(
    `rpc error: code = PermissionDenied desc = unauthorized: access denied: insufficient role: "${role}"`,
  );

// Which replica this process is, and how long a run's owner may stay silent before another replica
// takes the run over (issue #16). Several replicas share one database; each one's id goes into its
// log lines and, later, into the runs it owns.

export const REPLICA_ID = /^[A-Za-z0-9._-]{1,64}$/;
export const REPLICA_ID_PROBLEM =
  'must be 1-64 characters of letters, digits, dot, underscore or hyphen (e.g. omni-chatops-1)';

export const MIN_TAKEOVER_MS = 10_000;
export const TAKEOVER_PROBLEM =
  'must be at least 10s: a shorter wait would take over runs whose replica is only briefly slow';

/** Where the default replica id comes from; the process's own values unless a test gives others. */
export type HostIdentity = { hostname: string; pid: number };

/**
 * `<hostname>-<pid>`, unique per process on a host and across hosts with distinct names. A hostname
 * with other characters (or too long: up to 253) is reduced to what REPLICA_ID accepts, keeping the pid.
 */
export function defaultReplicaId(host: HostIdentity): string {
  const pid = `-${host.pid}`;
  const name = host.hostname.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64 - pid.length);
  return `${name || 'replica'}${pid}`;
}

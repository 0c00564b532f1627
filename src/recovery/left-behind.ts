import type { RunRecord } from '../store/records.js';
import type { StartupDeps } from './approval-deps.js';

/**
 * Whether start-up may treat a live run (running or starting) as left behind by a process that
 * stopped. A SQLite file has one replica (issue #16: several replicas need PostgreSQL), so there
 * every live run is the last process's, whatever id it ran under (the default REPLICA_ID changes
 * with the pid), as before replicas existed. On PostgreSQL only this replica's own runs (the same
 * REPLICA_ID before a restart) and rows with no owner (from before migration 7) are; another
 * replica's run is its own to finish, or the takeover's once its heartbeat is stale.
 */
export function leftBehind(deps: Pick<StartupDeps, 'store' | 'replicaId'>, run: RunRecord): boolean {
  if (deps.store.engine === 'sqlite') return true;
  return !run.owner || run.owner === deps.replicaId;
}

import { clusterPhaseName } from '../omni-model/cluster-phase.js';
import type { ClusterStatusView } from '../procedures/shared/fleet-snapshot.js';
import type { AlertCondition } from './alert-condition.js';

/**
 * Clusters that are not ready. They alert only after STUCK_AFTER, counted from the status's last
 * change or from the watcher's first sight, whichever is earlier; clusters whose machines are
 * tearing down or unreachable are left out, since those machines carry the alert.
 */
export function clusterConditions(
  statuses: readonly ClusterStatusView[],
  explained: ReadonlySet<string>,
  stuckAfterMs: number,
): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  for (const status of statuses) {
    const cluster = status.metadata.id;
    if (status.spec.ready || explained.has(cluster)) continue;
    const phase = clusterPhaseName(status.spec.phase);
    const m = status.spec.machines;
    const counts = m ? `, ${m.healthy}/${m.requested} machines healthy` : '';
    conditions.push({
      condition: 'cluster-not-ready',
      resource: cluster,
      cluster,
      summary: `Cluster ${cluster} is not ready (phase ${phase}${counts})`,
      since: status.metadata.updated,
      holdMs: stuckAfterMs,
      detail: { cluster, phase, machines: m },
      diagnose: 'drift',
    });
  }
  return conditions;
}

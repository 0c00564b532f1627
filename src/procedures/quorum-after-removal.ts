import { STAGE_BEFORE_DESTROY, STAGE_DESTROYING } from './cluster-machine-stage.js';
import { type FleetSnapshot, hasLabel, LABEL, labelText } from './fleet-snapshot.js';

export type QuorumVerdict = {
  removedControlPlanes: number;
  keepsQuorum: boolean;
  explanation: string;
};

// etcd needs a majority of its members healthy; removing members changes both sides of that sum.
export function quorumAfterRemoval(
  fleet: FleetSnapshot,
  cluster: string,
  removing: ReadonlySet<string>,
): QuorumVerdict {
  const controlPlanes = fleet.clusterMachineStatuses.filter(
    (s) => labelText(s.metadata, LABEL.cluster) === cluster && hasLabel(s.metadata, LABEL.roleControlPlane),
  );
  const healthy = (s: (typeof controlPlanes)[number]) =>
    s.spec.ready &&
    hasLabel(s.metadata, LABEL.connected) &&
    s.spec.stage !== STAGE_DESTROYING &&
    s.spec.stage !== STAGE_BEFORE_DESTROY;
  const removed = controlPlanes.filter((s) => removing.has(s.metadata.id));
  const remaining = controlPlanes.filter((s) => !removing.has(s.metadata.id));
  const healthyRemaining = remaining.filter(healthy).length;
  const needed = Math.floor(remaining.length / 2) + 1;
  const keepsQuorum = remaining.length > 0 && healthyRemaining >= needed;
  const explanation = keepsQuorum
    ? `Control-plane node: ${cluster} keeps ${healthyRemaining} healthy of ${remaining.length} control-plane members after this (etcd quorum needs ${needed}).`
    : remaining.length === 0
      ? `Refused: this would remove every control-plane node of ${cluster}.`
      : `Refused: ${cluster} would keep only ${healthyRemaining} healthy of ${remaining.length} control-plane members, below etcd quorum (${needed}). Restore a control-plane node first.`;
  return { removedControlPlanes: removed.length, keepsQuorum, explanation };
}

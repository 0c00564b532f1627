/**
 * The etcd quorum rule, one check for every procedure that removes machines (stuck-machine
 * removal, the label fix, …): a plan that would leave a cluster's etcd without quorum is refused,
 * one that removes a control plane but keeps quorum says so among its risks.
 *
 * The removals are forced (`cluster machine delete --force`) and follow one another without
 * waiting for etcd: a removed control plane stays an etcd member until Omni drops it. So the
 * healthy control planes that remain must be a majority of today's members, not only of the
 * members left afterwards (2 of 3 control planes removed leaves 1 healthy of 3 members: etcd is
 * gone, although 1 of 1 would look fine).
 */
import { isTeardownStage } from '../../omni-model/cluster-machine-stage.js';
import { labelText, OmniLabel, roleOf } from '../../omni-model/labels.js';
import { isConnected } from '../../omni-model/reachability.js';
import type { ClusterMachineStatusView, FleetSnapshot } from './fleet-snapshot.js';

type QuorumCheck = { refused: true; reason: string } | { refused: false; risks: string[] };

type Member = { id: string; hostname: string; healthy: boolean };

// A member counts only when it can vote now: ready, connected, not on its way out.
function isHealthy(status: ClusterMachineStatusView | undefined): boolean {
  if (!status) return false;
  return status.spec.ready && isConnected(status.metadata) && !isTeardownStage(status.spec.stage);
}

// The control planes of each cluster, from the ClusterMachines and their statuses together.
function controlPlanesByCluster(fleet: FleetSnapshot): Map<string, Member[]> {
  const statuses = new Map(fleet.clusterMachineStatuses.map((s) => [s.metadata.id, s]));
  const machines = new Map(fleet.clusterMachines.map((m) => [m.metadata.id, m]));
  const byCluster = new Map<string, Member[]>();
  for (const id of new Set([...statuses.keys(), ...machines.keys()])) {
    const status = statuses.get(id);
    const machine = machines.get(id);
    if (roleOf(status?.metadata, machine?.metadata) !== 'controlplane') continue;
    const cluster =
      labelText(status?.metadata, OmniLabel.cluster) ?? labelText(machine?.metadata, OmniLabel.cluster);
    if (cluster === undefined) continue;
    const member = {
      id,
      hostname: labelText(status?.metadata, OmniLabel.hostname) ?? id,
      healthy: isHealthy(status),
    };
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), member]);
  }
  return byCluster;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function verdict(cluster: string, members: Member[], removing: ReadonlySet<string>): QuorumCheck | undefined {
  const removed = members.filter((m) => removing.has(m.id));
  if (removed.length === 0) return undefined;
  const remaining = members.filter((m) => !removing.has(m.id));
  const healthyRemaining = remaining.filter((m) => m.healthy).length;
  const healthyNow = members.filter((m) => m.healthy).length;
  const needed = Math.floor(members.length / 2) + 1;
  const names = removed.map((m) => m.hostname).join(', ');
  if (remaining.length === 0) {
    return {
      refused: true,
      reason: `Refused (etcd quorum): this would remove every control-plane node of ${cluster} (${names}).`,
    };
  }
  if (healthyRemaining < needed) {
    const why =
      healthyNow < needed
        ? ` Only ${healthyNow} ${healthyNow === 1 ? 'is' : 'are'} healthy (ready and connected) now: bring the control planes back, or recover etcd, before removing any.`
        : ' Restore a control-plane node first, or remove fewer at once.';
    return {
      refused: true,
      reason:
        `Refused: removing the control-plane ${removed.length === 1 ? 'node' : 'nodes'} ${names} would leave ${cluster} ` +
        `${healthyRemaining} healthy of its ${plural(members.length, 'etcd member')}, below etcd quorum (${needed}).${why}`,
    };
  }
  return {
    refused: false,
    risks: [
      `Control-plane ${removed.length === 1 ? 'node' : 'nodes'} ${names}: ${cluster} keeps ${healthyRemaining} healthy of its ` +
        `${plural(members.length, 'etcd member')} during the removal and ${plural(remaining.length, 'control-plane member')} after it (etcd quorum needs ${needed}).`,
    ],
  };
}

/** The quorum verdict for removing these machines, cluster by cluster; the first refusal wins. */
export function checkQuorum(fleet: FleetSnapshot, machineIds: readonly string[]): QuorumCheck {
  const removing = new Set(machineIds);
  const risks: string[] = [];
  const byCluster = controlPlanesByCluster(fleet);
  for (const cluster of [...byCluster.keys()].sort()) {
    const result = verdict(cluster, byCluster.get(cluster) ?? [], removing);
    if (!result) continue;
    if (result.refused) return result;
    risks.push(...result.risks);
  }
  return { refused: false, risks };
}

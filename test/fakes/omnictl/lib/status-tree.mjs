// The tree `cluster status` / `cluster template status` prints (operations/internal/statustree,
// drawn like xlab/treeprint), computed from the ClusterStatus and the machine records.

import { isHealthy } from './reconcile.mjs';
import { findStored } from './resources.mjs';

const CLUSTER_PHASES = ['UNKNOWN', 'SCALING_UP', 'SCALING_DOWN', 'RUNNING', 'DESTROYING'];
const STAGES = [
  'UNKNOWN',
  'BOOTING',
  'INSTALLING',
  'CONFIGURING',
  'RUNNING',
  'DESTROYING',
  'UPGRADING',
  'REBOOTING',
  'SHUTTING_DOWN',
  'BEFORE_DESTROY',
  'POWERING_ON',
  'POWERED_OFF',
];

/** @typedef {{text: string, children: Node[]}} Node */

/** @param {Node} root */
function draw(root) {
  const lines = [root.text];
  const walk = (node, prefix) => {
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${child.text}`);
      walk(child, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  walk(root, '');
  return lines;
}

function machineLine(rec) {
  let text = `Machine "${rec.uuid}"(${rec.nodeName}) ${STAGES[rec.stage] ?? 'UNKNOWN'}`;
  if (rec.stage === 4) text += rec.ready && rec.connected ? ' Ready' : ' Not Ready';
  if (!rec.connected && rec.stage !== 10 && rec.stage !== 11) text += ' Unreachable';
  return { text, children: [] };
}

function machineSetNode(state, set, clusterTearingDown) {
  const id = set.metadata.id;
  const members = state.machines
    .filter((rec) => rec.machineSet === id && rec.clusterMachinePhase !== null)
    .sort((a, b) => (a.uuid < b.uuid ? -1 : 1));
  const requested = set.spec.machineallocation?.machinecount ?? members.length;
  const healthy = members.filter(isHealthy).length;
  let phase = 'Running';
  if (clusterTearingDown) phase = 'Destroying';
  else if (members.some((rec) => rec.clusterMachinePhase === 'tearingDown') || members.length > requested)
    phase = 'ScalingDown';
  else if (members.length < requested) phase = 'ScalingUp';
  const ready = phase === 'Running' && healthy === members.length ? 'Ready' : 'Not Ready';
  const controlPlane = 'omni.sidero.dev/role-controlplane' in (set.metadata.labels ?? {});
  const cluster = set.metadata.labels['omni.sidero.dev/cluster'];
  const title = controlPlane
    ? 'Control Plane'
    : id === `${cluster}-workers`
      ? 'Workers'
      : 'Additional Workers';
  const children = members.map(machineLine);
  if (controlPlane) {
    const cpHealthy = members.length > 0 && members.every(isHealthy);
    children.unshift(
      { text: `Load Balancer ${members.some((rec) => rec.connected) ? 'Ready' : 'Not Ready'}`, children: [] },
      { text: cpHealthy ? 'Status Checks OK' : 'Status Checks Failing: [Etcd]', children: [] },
    );
  }
  return {
    node: { text: `${title} "${id}" ${phase} ${ready} (${healthy}/${members.length})`, children },
    controlPlane,
    id,
    cluster,
  };
}

/**
 * @returns {{lines: string[], healthy: boolean} | null} null while the cluster has no status
 */
export function statusTree(state, clusterName) {
  const cluster = findStored(state, 'Clusters.omni.sidero.dev', clusterName);
  const status = findStored(state, 'ClusterStatuses.omni.sidero.dev', clusterName);
  if (!cluster || !status) return null;
  const s = status.spec;
  const sets = (state.resources['MachineSets.omni.sidero.dev'] ?? [])
    .filter((set) => set.metadata.labels?.['omni.sidero.dev/cluster'] === clusterName)
    .map((set) => machineSetNode(state, set, cluster.metadata.phase === 'tearingDown'))
    .sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : 1));
  const root = {
    text: `Cluster "${clusterName}" ${CLUSTER_PHASES[s.phase] ?? 'UNKNOWN'} ${s.ready ? 'Ready' : 'Not Ready'} (${s.machines.healthy}/${s.machines.total}) (healthy/total)`,
    children: [{ text: 'Kubernetes Upgrade Done ', children: [] }, ...sets.map((x) => x.node)],
  };
  return { lines: draw(root), healthy: s.ready && s.phase === 3 };
}

/** Control plane first, then the default workers, then the others by ID. */
const rank = (x) => (x.controlPlane ? 0 : x.id === `${x.cluster}-workers` ? 1 : 2);

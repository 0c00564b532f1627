// The controllers of the fake: run before every command so that whatever changed the state
// (a delete, a sync, the provider coming back) shows in derived resources: ClusterStatus counts,
// provider health, new machines for machine sets below their size, finished request teardowns.

import { buildClusterStatus } from './builders/cluster-resources.mjs';
import { removeMachine, startTeardown } from './cascade.mjs';
import { newMachineRecord } from './machine-record.mjs';
import { pseudoRandomBytes } from './pseudo-random.mjs';
import { findStored, putStored, removeStored } from './resources.mjs';

const CLUSTERS = 'Clusters.omni.sidero.dev';
const STATUSES = 'ClusterStatuses.omni.sidero.dev';
const SETS = 'MachineSets.omni.sidero.dev';
const COMBINED = 'InfraProviderCombinedStatuses.omni.sidero.dev';
const HEALTH = 'InfraProviderHealthStatuses.omni.sidero.dev';

export const isHealthy = (rec) =>
  rec.clusterMachinePhase === 'running' && rec.connected && rec.ready && rec.stage === 4;

/** Machines of each set that count towards its size (not on their way out). */
function activeMembersBySet(state) {
  /** @type {Map<string, any[]>} */
  const bySet = new Map();
  for (const rec of state.machines) {
    if (rec.machineSet === null || rec.request === null || rec.teardownGetsLeft != null) continue;
    const list = bySet.get(rec.machineSet);
    if (list) list.push(rec);
    else bySet.set(rec.machineSet, [rec]);
  }
  return bySet;
}

function syncProviderStatus(state, now) {
  const { id, connected } = state.provider;
  const combined = findStored(state, COMBINED, id);
  if (!combined || combined.spec.health.connected === connected) return false;
  combined.spec.health.connected = connected;
  combined.metadata.version += 1;
  combined.metadata.updated = now;
  const health = findStored(state, HEALTH, id);
  if (health && connected) {
    // With its milliseconds, as Omni stamps it (nanos): a beat just after a restart is newer than it.
    const ms = Date.now();
    health.spec.lastheartbeattimestamp = { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
    health.metadata.version += 1;
    health.metadata.updated = now;
  }
  return true;
}

/** The provider finishes request teardowns and fills machine sets only while it is connected. */
function runProvider(state, now) {
  if (!state.provider.connected) return false;
  let changed = false;
  for (const rec of [...state.machines]) {
    if (rec.machineRequestPhase === 'tearingDown' && rec.teardownGetsLeft == null)
      changed = removeMachine(state, rec.uuid) || changed;
  }
  const classes = new Map(
    (state.resources['MachineClasses.omni.sidero.dev'] ?? []).map((c) => [c.metadata.id, c]),
  );
  const members = activeMembersBySet(state);
  for (const set of state.resources[SETS] ?? []) {
    const allocation = set.spec.machineallocation;
    const cluster = findStored(state, CLUSTERS, set.metadata.labels?.['omni.sidero.dev/cluster']);
    if (allocation?.allocationtype !== 0 || cluster?.metadata.phase !== 'running') continue;
    const missing = allocation.machinecount - (members.get(set.metadata.id)?.length ?? 0);
    for (let i = 0; i < missing; i++) {
      const role =
        'omni.sidero.dev/role-controlplane' in (set.metadata.labels ?? {}) ? 'controlplane' : 'worker';
      const spec = {
        cluster: cluster.metadata.id,
        machineSet: set.metadata.id,
        machineClass: allocation.name,
        role,
        talosVersion: cluster.spec.talosversion,
        kubernetesVersion: cluster.spec.kubernetesversion,
        providerData: classes.get(allocation.name)?.spec.autoprovision?.providerdata,
      };
      state.machines.push(newMachineRecord(state, spec, now));
      changed = true;
    }
  }
  return changed;
}

/** A machine set made smaller by a template sync loses its newest machines. */
function scaleDown(state, now) {
  let changed = false;
  const bySet = activeMembersBySet(state);
  for (const set of state.resources[SETS] ?? []) {
    const allocation = set.spec.machineallocation;
    if (allocation?.allocationtype !== 0) continue;
    const members = bySet.get(set.metadata.id) ?? [];
    const extra = members.length - allocation.machinecount;
    if (extra <= 0) continue;
    for (const rec of members.slice(members.length - extra)) {
      startTeardown(state, rec, now);
      changed = true;
    }
  }
  return changed;
}

function clusterCounts(state, cluster, status, byCluster) {
  const id = cluster.metadata.id;
  const members = byCluster.get(id) ?? [];
  const cps = members.filter((rec) => rec.role === 'controlplane');
  const sets = (state.resources[SETS] ?? []).filter(
    (s) => s.metadata.labels?.['omni.sidero.dev/cluster'] === id,
  );
  const requested = sets.reduce((sum, s) => sum + (s.spec.machineallocation?.machinecount ?? 0), 0);
  const total = members.length;
  const healthy = members.filter(isHealthy).length;
  let phase = 3;
  if (cluster.metadata.phase === 'tearingDown') phase = 4;
  else if (members.some((rec) => rec.clusterMachinePhase === 'tearingDown') || total > requested) phase = 2;
  else if (total < requested) phase = 1;
  return {
    available: cps.some(isHealthy),
    total,
    healthy,
    connected: members.filter((rec) => rec.connected).length,
    requested,
    phase,
    ready: phase === 3 && healthy === total && total > 0,
    kubernetesApiReady: cps.some(isHealthy),
    controlPlaneReady: cps.length > 0 && cps.every(isHealthy),
    hasConnectedControlPlanes: cps.some((rec) => rec.connected),
    talosVersion: cluster.spec.talosversion,
    kubernetesVersion: cluster.spec.kubernetesversion,
    initialTalosVersion: status?.spec.initialtalosversion ?? cluster.spec.talosversion,
  };
}

function syncClusterStatuses(state, now) {
  let changed = false;
  const clusters = state.resources[CLUSTERS] ?? [];
  const ids = new Set(clusters.map((c) => c.metadata.id));
  changed = removeStored(state, STATUSES, (s) => !ids.has(s.metadata.id)) > 0;
  /** @type {Map<string, any[]>} */
  const byCluster = new Map();
  for (const rec of state.machines) {
    if (rec.cluster === null || rec.clusterMachinePhase === null) continue;
    const list = byCluster.get(rec.cluster);
    if (list) list.push(rec);
    else byCluster.set(rec.cluster, [rec]);
  }
  for (const cluster of clusters) {
    const status = findStored(state, STATUSES, cluster.metadata.id);
    const counts = clusterCounts(state, cluster, status, byCluster);
    const md = status
      ? {
          id: cluster.metadata.id,
          version: status.metadata.version,
          created: status.metadata.created,
          updated: status.metadata.updated,
          clusterUuid: status.metadata.labels['omni.sidero.dev/cluster-uuid'],
        }
      : {
          id: cluster.metadata.id,
          version: 0,
          created: now,
          updated: now,
          clusterUuid: clusterUuid(cluster.metadata.id, now),
        };
    const next = buildClusterStatus(md, counts);
    if (status && JSON.stringify(status.spec) === JSON.stringify(next.spec)) continue;
    next.metadata.version = md.version + 1;
    next.metadata.updated = now;
    putStored(state, next);
    changed = true;
  }
  return changed;
}

function clusterUuid(id, now) {
  const h = pseudoRandomBytes(`${id}@${now}`, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** @returns {boolean} whether the state changed */
export function reconcile(state, now) {
  let changed = syncProviderStatus(state, now);
  changed = runProvider(state, now) || changed;
  changed = scaleDown(state, now) || changed;
  changed = syncClusterStatuses(state, now) || changed;
  return changed;
}

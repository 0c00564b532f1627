// Cluster-level resources: what a cluster template creates (Cluster, MachineSets, ConfigPatches)
// and what controllers derive from it (ClusterStatus).

import { buildMetadata, roleLabel } from './metadata.mjs';

const L = 'omni.sidero.dev/';

export const CLUSTER_FINALIZERS = [
  'ClusterWorkloadProxyStatusController',
  'ClusterUUIDController',
  'ClusterConfigVersionController',
  'TalosUpgradeStatusController',
  'SecretsController',
  'ClusterController',
  'ClusterEndpointController',
  'ClusterStatusController',
  'BackupDataController',
  'KubernetesUpgradeStatusController',
  'ClusterDestroyStatusController',
];

/**
 * @param {{id: string, version: number, created: string, updated: string, finalizers?: string[]}} md
 * @param {{kubernetesVersion: string, talosVersion: string, features?: Record<string, boolean>}} spec
 */
export function buildCluster(md, spec) {
  const f = spec.features ?? {};
  return {
    metadata: buildMetadata({
      namespace: 'default',
      type: 'Clusters.omni.sidero.dev',
      ...md,
      annotations: { [`${L}managed-by-cluster-templates`]: null },
    }),
    spec: {
      kubernetesversion: spec.kubernetesVersion,
      talosversion: spec.talosVersion,
      features: {
        enableworkloadproxy: f.enableworkloadproxy ?? false,
        diskencryption: f.diskencryption ?? false,
        useembeddeddiscoveryservice: f.useembeddeddiscoveryservice ?? false,
        enablenodeauditskip: false,
        disablepublicdiscoveryservice: false,
      },
      backupconfiguration: null,
    },
  };
}

/**
 * @param {{id: string, version: number, created: string, updated: string, clusterUuid: string}} md
 * @param {any} s counts and flags, see reconcile.mjs
 */
export function buildClusterStatus(md, s) {
  return {
    metadata: buildMetadata({
      namespace: 'default',
      type: 'ClusterStatuses.omni.sidero.dev',
      id: md.id,
      version: md.version,
      owner: 'ClusterStatusController',
      created: md.created,
      updated: md.updated,
      labels: { [`${L}cluster-uuid`]: md.clusterUuid },
    }),
    spec: {
      available: s.available,
      machines: { total: s.total, healthy: s.healthy, connected: s.connected, requested: s.requested },
      phase: s.phase,
      ready: s.ready,
      kubernetesapiready: s.kubernetesApiReady,
      controlplaneready: s.controlPlaneReady,
      hasconnectedcontrolplanes: s.hasConnectedControlPlanes,
      useembeddeddiscoveryservice: false,
      talosversion: s.talosVersion,
      kubernetesversion: s.kubernetesVersion,
      disablepublicdiscoveryservice: false,
      initialtalosversion: s.initialTalosVersion,
    },
  };
}

/**
 * @param {{id: string, version: number, created: string, updated: string}} md
 * @param {{cluster: string, role: string, machineClass: string | null, size: number | 'unlimited'}} set
 */
export function buildMachineSet(md, set) {
  const allocation =
    set.machineClass === null
      ? null
      : {
          name: set.machineClass,
          machinecount: set.size === 'unlimited' ? 0 : set.size,
          allocationtype: set.size === 'unlimited' ? 1 : 0,
        };
  return {
    metadata: buildMetadata({
      namespace: 'default',
      type: 'MachineSets.omni.sidero.dev',
      ...md,
      labels: { [`${L}cluster`]: set.cluster, [roleLabel(set.role)]: null },
      finalizers: ['MachineSetStatusController'],
    }),
    spec: {
      updatestrategy: 1,
      machineclass: null,
      bootstrapspec: null,
      deletestrategy: 0,
      updatestrategyconfig: null,
      deletestrategyconfig: null,
      machineallocation: allocation,
      upgradestrategy: 0,
      upgradestrategyconfig: null,
    },
  };
}

/**
 * @param {{id: string, version: number, created: string, updated: string}} md
 * @param {{cluster: string, machineSet: string | null, name: string, data: string}} patch
 */
export function buildConfigPatch(md, patch) {
  /** @type {Record<string, unknown>} */
  const labels = { [`${L}cluster`]: patch.cluster };
  if (patch.machineSet) labels[`${L}machine-set`] = patch.machineSet;
  return {
    metadata: buildMetadata({
      namespace: 'default',
      type: 'ConfigPatches.omni.sidero.dev',
      ...md,
      labels,
      annotations: { name: patch.name },
    }),
    spec: { data: patch.data, compresseddata: [] },
  };
}

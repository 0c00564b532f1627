// The per-machine resources (Machine, Link, ClusterMachine, ClusterMachineStatus, MachineRequest,
// MachineRequestStatus) built from one machine record. MachineStatus is in machine-status.mjs.

import { revOf } from '../rev.mjs';
import { buildMetadata, roleLabel } from './metadata.mjs';

const L = 'omni.sidero.dev/';

/** @param {any} rec @param {string} kind */
function meta(rec, kind, fields) {
  const [version, updated] = revOf(rec, kind);
  return buildMetadata({ created: rec.created, version, updated, ...fields });
}

export function buildMachine(rec) {
  return {
    metadata: meta(rec, 'machine', {
      namespace: 'default',
      type: 'Machines.omni.sidero.dev',
      id: rec.uuid,
      owner: 'MachineController',
      labels: {
        [`${L}address`]: rec.siderolinkAddress,
        [`${L}infra-provider-id`]: rec.provider,
        [`${L}machine-request`]: rec.request ?? rec.nodeName,
        [`${L}machine-request-set`]: rec.requestSet,
        [`${L}no-manual-allocation`]: null,
      },
      finalizers: ['MachineStatusController', 'MachineSetStatusController', 'ClusterMachineConfigController'],
    }),
    spec: { managementaddress: rec.siderolinkAddress, connected: rec.connected, usegrpctunnel: false },
  };
}

export function buildLink(rec) {
  return {
    metadata: meta(rec, 'link', {
      namespace: 'default',
      type: 'Links.omni.sidero.dev',
      id: rec.uuid,
      labels: {
        [`${L}infra-provider-id`]: rec.provider,
        [`${L}machine-request`]: rec.request ?? rec.nodeName,
      },
      finalizers: ['MachineController', 'LinkStatusController'],
    }),
    spec: {
      nodesubnet: `${rec.siderolinkAddress}/64`,
      nodepublickey: rec.publicKey,
      lastendpoint: rec.lastEndpoint,
      connected: rec.connected,
      virtualaddrport: '',
      remoteaddr: rec.lastEndpoint.replace(/:\d+$/, ''),
      nodeuniquetoken: '',
    },
  };
}

function clusterLabels(rec) {
  return { [`${L}cluster`]: rec.cluster, [`${L}machine-set`]: rec.machineSet, [roleLabel(rec.role)]: null };
}

export function buildClusterMachine(rec) {
  return {
    metadata: meta(rec, 'clusterMachine', {
      namespace: 'default',
      type: 'ClusterMachines.omni.sidero.dev',
      id: rec.uuid,
      owner: 'MachineSetStatusController',
      phase: rec.clusterMachinePhase,
      labels: clusterLabels(rec),
      finalizers: [
        'ClusterMachineConfigController',
        'ClusterMachineTeardownController',
        'ClusterMachineStatusController',
        'ClusterMachineEncryptionKeyController',
      ],
    }),
    spec: { kubernetes_version: rec.kubernetesVersion },
  };
}

export function buildClusterMachineStatus(rec) {
  /** @type {Record<string, unknown>} */
  const labels = {
    ...clusterLabels(rec),
    [`${L}hostname`]: rec.nodeName,
    [`${L}node-name`]: rec.nodeName,
  };
  // The UI's "Unreachable": the label mirrors Machine.spec.connected.
  if (rec.connected) labels[`${L}connected`] = null;
  return {
    metadata: meta(rec, 'clusterMachineStatus', {
      namespace: 'default',
      type: 'ClusterMachineStatuses.omni.sidero.dev',
      id: rec.uuid,
      owner: 'ClusterMachineStatusController',
      labels,
    }),
    spec: {
      ready: rec.ready,
      stage: rec.stage,
      configuptodate: true,
      lastconfigerror: '',
      managementaddress: rec.siderolinkAddress,
      configapplystatus: 2,
      isremoved: false,
      provisionstatus: { providerid: rec.provider, requestid: rec.request ?? '' },
    },
  };
}

const requestLabels = (rec) => ({
  [`${L}infra-provider-id`]: rec.provider,
  [`${L}machine-request-set`]: rec.requestSet,
});

/** @param {any} rec @param {string} providerData the machine class's autoprovision.providerdata */
export function buildMachineRequest(rec, providerData) {
  return {
    metadata: meta(rec, 'machineRequest', {
      namespace: 'infra-provider',
      type: 'MachineRequests.omni.sidero.dev',
      id: rec.request,
      phase: rec.machineRequestPhase,
      labels: requestLabels(rec),
      finalizers: [`${rec.provider}.ProvisionController`],
    }),
    spec: {
      talosversion: rec.talosVersion,
      overlay: null,
      extensions: [],
      kernelargs: [],
      metavalues: [],
      providerdata: providerData,
      grpctunnel: 0,
    },
  };
}

export function buildMachineRequestStatus(rec) {
  return {
    metadata: meta(rec, 'machineRequestStatus', {
      namespace: 'infra-provider',
      type: 'MachineRequestStatuses.omni.sidero.dev',
      id: rec.request,
      owner: `${rec.provider}.ProvisionController`,
      labels: requestLabels(rec),
    }),
    spec: rec.provisionGetsLeft
      ? { id: rec.uuid, stage: 1, error: '', status: 'Running Step: "syncVM" (4/5)' }
      : { id: rec.uuid, stage: 2, error: '', status: 'Provision Complete' },
  };
}

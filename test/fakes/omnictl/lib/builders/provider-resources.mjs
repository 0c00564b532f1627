// Infra provider side: machine classes that autoprovision from it, and its status resources.

import { buildMetadata } from './metadata.mjs';

/**
 * @param {{id: string, version: number, created: string, updated: string}} md
 * @param {{providerId: string, providerData: string}} spec
 */
export function buildMachineClass(md, spec) {
  return {
    metadata: buildMetadata({ namespace: 'default', type: 'MachineClasses.omni.sidero.dev', ...md }),
    spec: {
      matchlabels: [],
      autoprovision: {
        providerid: spec.providerId,
        kernelargs: [],
        metavalues: [],
        providerdata: spec.providerData,
        grpctunnel: 0,
      },
    },
  };
}

/**
 * @param {{id: string, version: number, created: string, updated: string}} md
 * @param {{name: string, description: string, icon: string, connected: boolean}} spec
 */
export function buildCombinedStatus(md, spec) {
  return {
    metadata: buildMetadata({
      namespace: 'ephemeral',
      type: 'InfraProviderCombinedStatuses.omni.sidero.dev',
      owner: 'InfraProviderStatusController',
      ...md,
    }),
    spec: {
      name: spec.name,
      description: spec.description,
      icon: spec.icon,
      health: { connected: spec.connected, error: '', initialized: true },
      version: '',
    },
  };
}

/**
 * @param {{id: string, version: number, created: string, updated: string}} md
 * @param {{seconds: number, nanos: number}} heartbeat
 */
export function buildHealthStatus(md, heartbeat) {
  return {
    metadata: buildMetadata({
      namespace: 'infra-provider-ephemeral',
      type: 'InfraProviderHealthStatuses.omni.sidero.dev',
      ...md,
    }),
    spec: { lastheartbeattimestamp: { seconds: heartbeat.seconds, nanos: heartbeat.nanos }, error: '' },
  };
}

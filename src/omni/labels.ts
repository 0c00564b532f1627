import type { Labels } from './metadata.js';

/** Label and annotation keys the bot reads (notes §3.2). */
export const OmniLabel = {
  connected: 'omni.sidero.dev/connected',
  disconnected: 'omni.sidero.dev/disconnected',
  cluster: 'omni.sidero.dev/cluster',
  machineSet: 'omni.sidero.dev/machine-set',
  roleControlPlane: 'omni.sidero.dev/role-controlplane',
  roleWorker: 'omni.sidero.dev/role-worker',
  hostname: 'omni.sidero.dev/hostname',
  nodeName: 'omni.sidero.dev/node-name',
  infraProviderId: 'omni.sidero.dev/infra-provider-id',
  machineRequest: 'omni.sidero.dev/machine-request',
  machineRequestSet: 'omni.sidero.dev/machine-request-set',
  managedByClusterTemplates: 'omni.sidero.dev/managed-by-cluster-templates',
} as const;

/**
 * Omni marks connection with the mere presence of an empty-valued label (printed as null), and
 * MachineStatus adds `disconnected` instead; ClusterMachineStatus only drops `connected`.
 */
export function isConnected(labels: Labels | undefined): boolean {
  if (labels === undefined) return false;
  return Object.hasOwn(labels, OmniLabel.connected) && !Object.hasOwn(labels, OmniLabel.disconnected);
}

/**
 * A label's value as text: `''` for a present empty label (null in the JSON), numbers and
 * booleans back to the text they were, `undefined` when absent.
 */
export function labelOf(
  resource: { metadata: { labels?: Labels | undefined } },
  key: string,
): string | undefined {
  const labels = resource.metadata.labels;
  if (labels === undefined || !Object.hasOwn(labels, key)) return undefined;
  const value = labels[key];
  return value === null || value === undefined ? '' : String(value);
}

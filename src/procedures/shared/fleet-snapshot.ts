// The slice of Omni state the planners read, structurally typed so planners stay free of IO.
export type LabelValue = string | number | boolean | null;
export type Labels = Record<string, LabelValue>;

export type ResourceMetadata = {
  id: string;
  phase: string;
  created?: string;
  updated?: string;
  labels?: Labels;
  finalizers?: string[];
};

export type MachineView = { metadata: ResourceMetadata; spec: { connected: boolean } };
export type ClusterMachineView = { metadata: ResourceMetadata };
export type ClusterMachineStatusView = {
  metadata: ResourceMetadata;
  spec: { stage: number; ready: boolean };
};

export type FleetSnapshot = {
  machines: readonly MachineView[];
  clusterMachines: readonly ClusterMachineView[];
  clusterMachineStatuses: readonly ClusterMachineStatusView[];
};

export const LABEL = {
  cluster: 'omni.sidero.dev/cluster',
  machineSet: 'omni.sidero.dev/machine-set',
  hostname: 'omni.sidero.dev/hostname',
  nodeName: 'omni.sidero.dev/node-name',
  connected: 'omni.sidero.dev/connected',
  roleControlPlane: 'omni.sidero.dev/role-controlplane',
  roleWorker: 'omni.sidero.dev/role-worker',
  machineRequest: 'omni.sidero.dev/machine-request',
} as const;

export function hasLabel(metadata: ResourceMetadata, key: string): boolean {
  return metadata.labels !== undefined && Object.hasOwn(metadata.labels, key);
}

export function labelText(metadata: ResourceMetadata | undefined, key: string): string | undefined {
  const value = metadata?.labels?.[key];
  return value === undefined || value === null ? undefined : String(value);
}

export type MachineRole = 'controlplane' | 'worker' | 'unknown';

// Omni puts the role label on both the ClusterMachine and its status; either one is enough.
export function roleOf(...metadata: (ResourceMetadata | undefined)[]): MachineRole {
  if (metadata.some((m) => m !== undefined && hasLabel(m, LABEL.roleControlPlane))) return 'controlplane';
  if (metadata.some((m) => m !== undefined && hasLabel(m, LABEL.roleWorker))) return 'worker';
  return 'unknown';
}

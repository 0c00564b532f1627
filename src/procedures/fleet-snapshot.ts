// The slice of Omni state the planners read, structurally typed so planners stay free of IO.
// Omni's vocabulary (labels, stages, reachability) is in src/omni-model/.
import type { Labels } from '../omni-model/labels.js';

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

// The slice of Omni state the planners read, structurally typed so planners stay free of IO.
// Omni's vocabulary (labels, stages, reachability) is in src/omni-model/.
import type { Labels } from '../../omni-model/labels.js';

type ResourceMetadata = {
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

// The statuses the reports and the watcher read beside the fleet; only the id is always there.
type StatusMetadata = { id: string } & Partial<ResourceMetadata>;

export type ClusterStatusView = {
  metadata: StatusMetadata;
  spec: {
    ready: boolean;
    phase: number;
    machines: { total: number; healthy: number; connected: number; requested: number } | null;
  };
};

export type MachineRequestStatusView = {
  metadata: StatusMetadata;
  spec: { id: string; stage: number; error: string; status: string };
};

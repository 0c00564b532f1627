// One import point for the resource schemas; each group lives in its own file.

export {
  ClusterMachine,
  ClusterMachineStage,
  type ClusterMachineStageName,
  type ClusterMachineStageNumber,
  ClusterMachineStatus,
  ConfigApplyStatus,
  clusterMachineKind,
  clusterMachineStageName,
  clusterMachineStageNumber,
  clusterMachineStatusKind,
  isInStage,
  isUnreachable,
} from './cluster-machine-resources.js';
export {
  Cluster,
  ClusterPhase,
  ClusterStatus,
  clusterKind,
  clusterPhaseName,
  clusterStatusKind,
  MachineAllocationType,
  MachineClass,
  MachineSet,
  machineClassKind,
  machineSetKind,
} from './cluster-resources.js';
export {
  InfraProviderCombinedStatus,
  InfraProviderHealthStatus,
  infraProviderCombinedStatusKind,
  infraProviderHealthStatusKind,
  lastHeartbeatAt,
  MachineRequest,
  MachineRequestStage,
  MachineRequestStatus,
  machineRequestKind,
  machineRequestStageName,
  machineRequestStatusKind,
} from './infra-provider-resources.js';
export { isConnected, labelOf, OmniLabel } from './labels.js';
export {
  Link,
  linkKind,
  Machine,
  MachineRole,
  MachineStatus,
  machineKind,
  machineStatusKind,
} from './machine-resources.js';
export { Labels, Metadata } from './metadata.js';
export type { ResourceKind } from './resource-kind.js';

import { nameIn } from './enum-name.js';

// ClusterMachineStatus.spec.stage in the protobuf numbering (notes §3.2): the numbers are not
// sequential by meaning (DESTROYING is 5, between RUNNING and UPGRADING).
export const ClusterMachineStage = {
  0: 'UNKNOWN',
  1: 'BOOTING',
  2: 'INSTALLING',
  3: 'CONFIGURING',
  4: 'RUNNING',
  5: 'DESTROYING',
  6: 'UPGRADING',
  7: 'REBOOTING',
  8: 'SHUTTING_DOWN',
  9: 'BEFORE_DESTROY',
  10: 'POWERING_ON',
  11: 'POWERED_OFF',
} as const;
type ClusterMachineStageNumber = keyof typeof ClusterMachineStage;
type ClusterMachineStageName = (typeof ClusterMachineStage)[ClusterMachineStageNumber];

export function clusterMachineStageName(stage: number): ClusterMachineStageName | `UNRECOGNIZED(${number})` {
  return nameIn(ClusterMachineStage, stage);
}

export function isStage(stage: number, name: ClusterMachineStageName): boolean {
  return clusterMachineStageName(stage) === name;
}

/** Omni is removing the machine from its cluster (DESTROYING, then BEFORE_DESTROY once its MachineSetNode is gone). */
export function isTeardownStage(stage: number): boolean {
  return isStage(stage, 'DESTROYING') || isStage(stage, 'BEFORE_DESTROY');
}

/** Talos is still coming up on the machine: it has not joined its cluster yet. */
export function isJoiningStage(stage: number): boolean {
  return isStage(stage, 'BOOTING') || isStage(stage, 'INSTALLING') || isStage(stage, 'CONFIGURING');
}

import { nameIn } from './enum-name.js';

// MachineRequestStatus.spec.stage in the protobuf numbering (notes §3.2): the provider's progress.
export const MachineRequestStage = {
  0: 'UNKNOWN',
  1: 'PROVISIONING',
  2: 'PROVISIONED',
  3: 'FAILED',
} as const;
type MachineRequestStageName = (typeof MachineRequestStage)[keyof typeof MachineRequestStage];

export function machineRequestStageName(stage: number): string {
  return nameIn(MachineRequestStage, stage);
}

export function isRequestStage(stage: number, name: MachineRequestStageName): boolean {
  return machineRequestStageName(stage) === name;
}

// ClusterMachineStatus.spec.stage as Omni numbers it (the numbers are not sequential by meaning).
export const CLUSTER_MACHINE_STAGE = {
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

export const STAGE_DESTROYING = 5;
export const STAGE_BEFORE_DESTROY = 9;
export const STAGE_POWERING_ON = 10;
export const STAGE_POWERED_OFF = 11;

export function stageName(stage: number): string {
  return CLUSTER_MACHINE_STAGE[stage as keyof typeof CLUSTER_MACHINE_STAGE] ?? `STAGE_${stage}`;
}

import { z } from 'zod';
import { isConnected } from './labels.js';
import { resourceWith } from './metadata.js';
import { nameIn, numericEnum } from './numeric-enum.js';
import type { ResourceKind } from './resource-kind.js';

/** A machine's membership in a cluster; stuck `tearingDown` when its node cannot be reset. */
export const ClusterMachine = resourceWith(z.object({ kubernetes_version: z.string().optional() }));
export type ClusterMachine = z.infer<typeof ClusterMachine>;
export const clusterMachineKind: ResourceKind<ClusterMachine> = {
  type: 'clustermachines',
  schema: ClusterMachine,
};

// The protobuf numbering (notes §3.2): DESTROYING is 5, between RUNNING and UPGRADING.
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
export type ClusterMachineStageNumber = keyof typeof ClusterMachineStage;
export type ClusterMachineStageName = (typeof ClusterMachineStage)[ClusterMachineStageNumber];

export const ConfigApplyStatus = { 0: 'UNKNOWN', 1: 'PENDING', 2: 'APPLIED', 3: 'FAILED' } as const;

/** The stage the UI shows for a cluster machine (Running, Destroying, …). */
export const ClusterMachineStatus = resourceWith(
  z.object({
    ready: z.boolean(),
    stage: numericEnum(ClusterMachineStage),
    configuptodate: z.boolean(),
    lastconfigerror: z.string(),
    configapplystatus: numericEnum(ConfigApplyStatus),
    isremoved: z.boolean().optional(),
    provisionstatus: z.object({ providerid: z.string(), requestid: z.string() }).nullable().optional(),
  }),
);
export type ClusterMachineStatus = z.infer<typeof ClusterMachineStatus>;
export const clusterMachineStatusKind: ResourceKind<ClusterMachineStatus> = {
  type: 'clustermachinestatuses',
  schema: ClusterMachineStatus,
};

export function clusterMachineStageName(stage: number): ClusterMachineStageName | `UNRECOGNIZED(${number})` {
  return nameIn(ClusterMachineStage, stage);
}

export function clusterMachineStageNumber(name: ClusterMachineStageName): ClusterMachineStageNumber {
  const entry = Object.entries(ClusterMachineStage).find(([, stageName]) => stageName === name);
  return Number(entry?.[0]) as ClusterMachineStageNumber;
}

export function isInStage(status: ClusterMachineStatus, name: ClusterMachineStageName): boolean {
  return ClusterMachineStage[status.spec.stage] === name;
}

/** The UI's greyed "Unreachable": no `connected` label, except while powering on or off (notes §3.4). */
export function isUnreachable(status: ClusterMachineStatus): boolean {
  if (isInStage(status, 'POWERING_ON') || isInStage(status, 'POWERED_OFF')) return false;
  return !isConnected(status.metadata.labels);
}

import { z } from 'zod';
import { ClusterMachineStage } from '../omni-model/cluster-machine-stage.js';
import { resourceWith } from './metadata.js';
import { numericEnum } from './numeric-enum.js';
import type { ResourceKind } from './resource-kind.js';

/** A machine's membership in a cluster; stuck `tearingDown` when its node cannot be reset. */
const ClusterMachine = resourceWith(z.object({ kubernetes_version: z.string().optional() }));
type ClusterMachine = z.infer<typeof ClusterMachine>;
export const clusterMachineKind: ResourceKind<ClusterMachine> = {
  type: 'clustermachines',
  schema: ClusterMachine,
};

const ConfigApplyStatus = { 0: 'UNKNOWN', 1: 'PENDING', 2: 'APPLIED', 3: 'FAILED' } as const;

/** The stage the UI shows for a cluster machine (Running, Destroying, …). */
const ClusterMachineStatus = resourceWith(
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
type ClusterMachineStatus = z.infer<typeof ClusterMachineStatus>;
export const clusterMachineStatusKind: ResourceKind<ClusterMachineStatus> = {
  type: 'clustermachinestatuses',
  schema: ClusterMachineStatus,
};

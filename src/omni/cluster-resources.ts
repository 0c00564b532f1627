import { z } from 'zod';
import { ClusterPhase } from '../omni-model/cluster-phase.js';
import { resourceWith } from './metadata.js';
import { numericEnum } from './numeric-enum.js';
import type { ResourceKind } from './resource-kind.js';

/** A cluster; template-managed ones carry the `managed-by-cluster-templates` annotation. */
const Cluster = resourceWith(z.object({ kubernetesversion: z.string(), talosversion: z.string() }));
type Cluster = z.infer<typeof Cluster>;
export const clusterKind: ResourceKind<Cluster> = { type: 'clusters', schema: Cluster };

const ClusterStatus = resourceWith(
  z.object({
    available: z.boolean(),
    phase: numericEnum(ClusterPhase),
    ready: z.boolean(),
    kubernetesapiready: z.boolean(),
    controlplaneready: z.boolean(),
    machines: z
      .object({ total: z.number(), healthy: z.number(), connected: z.number(), requested: z.number() })
      .nullable(),
  }),
);
type ClusterStatus = z.infer<typeof ClusterStatus>;
export const clusterStatusKind: ResourceKind<ClusterStatus> = {
  type: 'clusterstatuses',
  schema: ClusterStatus,
};

/** How a machine set picks machines; `autoprovision` is null for classes matching static machines. */
const MachineClass = resourceWith(
  z.object({
    matchlabels: z.array(z.string()),
    autoprovision: z
      .object({
        providerid: z.string(),
        // YAML text the provider reads (cores, memory, …), not a nested object.
        providerdata: z.string(),
      })
      .nullable(),
  }),
);
type MachineClass = z.infer<typeof MachineClass>;
export const machineClassKind: ResourceKind<MachineClass> = { type: 'machineclasses', schema: MachineClass };

const MachineAllocationType = { 0: 'Static', 1: 'Unlimited' } as const;

/** A control-plane or worker set (`<cluster>-control-planes`, `<cluster>-workers`). */
const MachineSet = resourceWith(
  z.object({
    machineallocation: z
      .object({
        name: z.string(),
        machinecount: z.number(),
        allocationtype: numericEnum(MachineAllocationType),
      })
      .nullable(),
  }),
);
type MachineSet = z.infer<typeof MachineSet>;
export const machineSetKind: ResourceKind<MachineSet> = { type: 'machinesets', schema: MachineSet };

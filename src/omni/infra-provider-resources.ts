import { z } from 'zod';
import { MachineRequestStage } from '../omni-model/machine-request-stage.js';
import { resourceWith } from './metadata.js';
import { numericEnum } from './numeric-enum.js';
import type { ResourceKind } from './resource-kind.js';

/** A VM the provider is asked to create; its ID is the VM name and the node name (notes §5.4). */
const MachineRequest = resourceWith(z.object({ talosversion: z.string(), providerdata: z.string() }));
type MachineRequest = z.infer<typeof MachineRequest>;
export const machineRequestKind: ResourceKind<MachineRequest> = {
  type: 'machinerequests',
  namespace: 'infra-provider',
  schema: MachineRequest,
};

/** The provider's progress on a request; `spec.id` is the machine UUID once provisioned. */
const MachineRequestStatus = resourceWith(
  z.object({
    id: z.string(),
    stage: numericEnum(MachineRequestStage),
    error: z.string(),
    status: z.string(),
  }),
);
type MachineRequestStatus = z.infer<typeof MachineRequestStatus>;
export const machineRequestStatusKind: ResourceKind<MachineRequestStatus> = {
  type: 'machinerequeststatuses',
  namespace: 'infra-provider',
  schema: MachineRequestStatus,
};

/** What `omnictl infraprovider list` shows; `connected` turns false 31 s after the last heartbeat. */
export const InfraProviderCombinedStatus = resourceWith(
  z.object({
    name: z.string(),
    version: z.string(),
    health: z.object({ connected: z.boolean(), error: z.string(), initialized: z.boolean() }),
  }),
);
export type InfraProviderCombinedStatus = z.infer<typeof InfraProviderCombinedStatus>;
export const infraProviderCombinedStatusKind: ResourceKind<InfraProviderCombinedStatus> = {
  type: 'infraprovidercombinedstatuses',
  namespace: 'ephemeral',
  schema: InfraProviderCombinedStatus,
};

const Timestamp = z.object({ seconds: z.number(), nanos: z.number() });

export const InfraProviderHealthStatus = resourceWith(
  z.object({ lastheartbeattimestamp: Timestamp.nullable(), error: z.string() }),
);
export type InfraProviderHealthStatus = z.infer<typeof InfraProviderHealthStatus>;
export const infraProviderHealthStatusKind: ResourceKind<InfraProviderHealthStatus> = {
  type: 'infraproviderhealthstatuses',
  namespace: 'infra-provider-ephemeral',
  schema: InfraProviderHealthStatus,
};

/** When the provider last reported, or undefined if it never has. */
export function lastHeartbeatAt(status: InfraProviderHealthStatus): Date | undefined {
  const timestamp = status.spec.lastheartbeattimestamp;
  if (timestamp === null) return undefined;
  return new Date(timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1e6));
}

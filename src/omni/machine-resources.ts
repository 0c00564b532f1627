import { z } from 'zod';
import { resourceWith } from './metadata.js';
import { numericEnum } from './numeric-enum.js';
import type { ResourceKind } from './resource-kind.js';

// Only the spec fields the bot reads; zod drops the rest, so new Omni fields do not break parsing.

/** A machine known to Omni; `connected` mirrors its SideroLink. */
export const Machine = resourceWith(z.object({ connected: z.boolean(), managementaddress: z.string() }));
export type Machine = z.infer<typeof Machine>;
export const machineKind: ResourceKind<Machine> = { type: 'machines', schema: Machine };

const MachineRole = { 0: 'NONE', 1: 'CONTROL_PLANE', 2: 'WORKER' } as const;

/** What Talos reports about a machine; its labels carry `connected` or `disconnected`. */
const MachineStatus = resourceWith(
  z.object({
    connected: z.boolean(),
    cluster: z.string(),
    role: numericEnum(MachineRole),
    talosversion: z.string(),
    maintenance: z.boolean(),
    lasterror: z.string(),
    // A nil protobuf message prints as null, e.g. before the machine first reported.
    network: z.object({ hostname: z.string() }).nullable(),
  }),
);
type MachineStatus = z.infer<typeof MachineStatus>;
export const machineStatusKind: ResourceKind<MachineStatus> = {
  type: 'machinestatuses',
  schema: MachineStatus,
};

/** The SideroLink connection; deleting it removes the machine from Omni without wiping it (notes §3.4). */
const Link = resourceWith(z.object({ connected: z.boolean(), lastendpoint: z.string() }));
type Link = z.infer<typeof Link>;
export const linkKind: ResourceKind<Link> = { type: 'links', schema: Link };

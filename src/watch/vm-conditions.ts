import { type FleetSnapshot, LABEL, labelText } from '../procedures/fleet-snapshot.js';
import { matchVms } from '../procedures/match-vms.js';
import type { ClusterVm } from '../proxmox/proxmox-resources.js';
import type { AlertCondition } from './alert-condition.js';

// A VM the Proxmox provider made that no machine or machine request of Omni accounts for: it costs
// money and an address, and nothing in Omni will ever remove it (issue #15). One alert per VM.
export function orphanVmConditions(
  fleet: FleetSnapshot,
  requestIds: readonly string[],
  vms: readonly ClusterVm[],
): AlertCondition[] {
  const machines = fleet.machines.map((m) => ({
    id: m.metadata.id,
    requestId: labelText(m.metadata, LABEL.machineRequest) || undefined,
  }));
  return matchVms({ machines, requestIds, vms }).orphans.map((vm) => ({
    condition: 'orphan-vm',
    resource: vm.name,
    summary: `VM ${vm.name} (VM ${vm.vmid} on ${vm.node}) is left in Proxmox: no machine or machine request in Omni accounts for it`,
    detail: { vmid: vm.vmid, node: vm.node, status: vm.status },
    diagnose: 'drift',
  }));
}

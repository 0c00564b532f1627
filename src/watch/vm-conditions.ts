import { machinesWithRequests, matchVms } from '../procedures/diagnostics/match-vms.js';
import type { FleetSnapshot } from '../procedures/shared/fleet-snapshot.js';
import type { ClusterVm } from '../proxmox/proxmox-resources.js';
import type { AlertCondition } from './alert-condition.js';

// A VM the Proxmox provider made that no machine or machine request of Omni accounts for: it costs
// money and an address, and nothing in Omni will ever remove it (issue #15). One alert per VM.
export function orphanVmConditions(
  fleet: FleetSnapshot,
  requestIds: readonly string[],
  vms: readonly ClusterVm[],
): AlertCondition[] {
  return matchVms({
    machines: machinesWithRequests(fleet),
    requestIds,
    vms,
  }).orphans.map((vm) => ({
    condition: 'orphan-vm',
    resource: vm.name,
    summary: `VM ${vm.name} (VM ${vm.vmid} on ${vm.node}) is left in Proxmox: no machine or machine request in Omni accounts for it`,
    detail: { vmid: vm.vmid, node: vm.node, status: vm.status },
    diagnose: 'drift',
  }));
}

/**
 * The runbook's drift check against Proxmox (issue #15): machines Omni has whose VM is gone
 * ("delete clustermachines for missing VMs"), VMs the provider made that Omni no longer accounts
 * for (orphans: they cost money and addresses), and machines whose VM is stopped. Pure.
 */

import { labelText, OmniLabel } from '../../omni-model/labels.js';
import type { ClusterVm } from '../../proxmox/proxmox-resources.js';
import { tagsOf } from '../../proxmox/proxmox-resources.js';
import type { FleetSnapshot } from '../shared/fleet-snapshot.js';
import { machinesWithRequests, matchVms, type VmFacts } from './match-vms.js';

export type VmDrift =
  | {
      checked: true;
      missing: { machineId: string; name: string }[];
      orphans: VmFacts[];
      stopped: { machineId: string; vm: VmFacts }[];
    }
  | { checked: false; note: string };

export function findVmDrift(input: {
  fleet: FleetSnapshot;
  requestIds: readonly string[];
  vms: readonly ClusterVm[] | undefined;
  note?: string;
  cluster?: string;
}): VmDrift {
  if (input.vms === undefined) return { checked: false, note: input.note ?? 'VM existence not checked' };
  const clusterOf = new Map(
    input.fleet.clusterMachineStatuses.map((s) => [s.metadata.id, labelText(s.metadata, OmniLabel.cluster)]),
  );
  const machines = machinesWithRequests(
    input.fleet,
    input.fleet.machines
      .map((m) => m.metadata.id)
      .filter((id) => input.cluster === undefined || clusterOf.get(id) === input.cluster),
  );
  const match = matchVms({ machines, requestIds: input.requestIds, vms: input.vms });
  const missing: { machineId: string; name: string }[] = [];
  const stopped: { machineId: string; vm: VmFacts }[] = [];
  for (const [machineId, verdict] of match.byMachine) {
    if (verdict.kind === 'gone') missing.push({ machineId, name: verdict.requestId });
    if (verdict.kind === 'stopped') stopped.push({ machineId, vm: verdict.vm });
  }
  // A cluster's VMs carry its machine sets' tags (`machine-request.<cluster>-<set>`).
  const inScope = (vm: VmFacts) =>
    input.cluster === undefined ||
    (input.vms ?? []).some(
      (v) => v.vmid === vm.vmid && tagsOf(v).some((t) => t.startsWith(`machine-request.${input.cluster}-`)),
    );
  return { checked: true, missing, orphans: match.orphans.filter(inScope), stopped };
}

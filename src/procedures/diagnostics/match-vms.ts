/**
 * Omni's machines against Proxmox's VMs (issue #15; notes §5.4): the Proxmox provider names each
 * VM after its MachineRequest (the machine's `omni.sidero.dev/machine-request` label) and tags it
 * `machine-request.<set>`. So each machine is: its VM running, stopped, gone (Omni has it, Proxmox
 * has no VM of that name), unknown (Proxmox could not be read), or not a Proxmox machine (no
 * request: a static machine). VMs that carry the provider's tag but that no machine or request of
 * Omni accounts for are orphans: they cost money and addresses. Templates and containers are
 * ignored. Pure.
 */

import { labelText, OmniLabel } from '../../omni-model/labels.js';
import type { ClusterVm } from '../../proxmox/proxmox-resources.js';
import { tagsOf } from '../../proxmox/proxmox-resources.js';
import type { FleetSnapshot } from '../shared/fleet-snapshot.js';

export type VmFacts = { vmid: number; node: string; name: string; status: string; uptimeS?: number };

export type VmVerdict =
  | { kind: 'running' | 'stopped'; vm: VmFacts; confirmedByTag: boolean }
  | { kind: 'gone'; requestId: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'not-proxmox' };

/** What Proxmox said of each machine's VM, for a report; `note` when it could not say (why). */
export type VmChecks = { byMachine: Record<string, VmVerdict>; note?: string };

type VmMatch = {
  byMachine: Map<string, VmVerdict>;
  orphans: VmFacts[];
};

const PROVIDER_TAG = /^machine-request\./;

function factsOf(vm: ClusterVm): VmFacts {
  return {
    vmid: vm.vmid,
    node: vm.node,
    name: vm.name ?? '',
    status: vm.status,
    ...(vm.uptime === undefined ? {} : { uptimeS: vm.uptime }),
  };
}

/**
 * The machines to match, each with its MachineRequest (the VM's name), from Omni's Machines: all of
 * them, or those of `ids` in that order (an id Omni does not know has no request).
 */
export function machinesWithRequests(
  fleet: Pick<FleetSnapshot, 'machines'>,
  ids?: readonly string[],
): { id: string; requestId?: string }[] {
  const requestOf = new Map(
    fleet.machines.map((m) => [m.metadata.id, labelText(m.metadata, OmniLabel.machineRequest) || undefined]),
  );
  return (ids ?? [...requestOf.keys()]).map((id) => {
    const requestId = requestOf.get(id);
    return requestId ? { id, requestId } : { id };
  });
}

export function matchVms(input: {
  machines: readonly { id: string; requestId?: string }[];
  // Every MachineRequest Omni has (tearing down included): a VM named after one is not an orphan.
  requestIds: readonly string[];
  // undefined: Proxmox could not be read (`unreadable` says why) or is not configured.
  vms: readonly ClusterVm[] | undefined;
  unreadable?: string;
}): VmMatch {
  const byMachine = new Map<string, VmVerdict>();
  if (input.vms === undefined) {
    const reason = input.unreadable ?? 'VM existence not checked: Proxmox is not configured';
    for (const machine of input.machines)
      byMachine.set(machine.id, machine.requestId ? { kind: 'unknown', reason } : { kind: 'not-proxmox' });
    return { byMachine, orphans: [] };
  }
  const vms = input.vms.filter((vm) => vm.type === 'qemu' && vm.template !== 1 && vm.name);
  const byName = new Map(vms.map((vm) => [vm.name ?? '', vm]));
  for (const machine of input.machines) {
    if (!machine.requestId) {
      byMachine.set(machine.id, { kind: 'not-proxmox' });
      continue;
    }
    const vm = byName.get(machine.requestId);
    if (!vm) {
      byMachine.set(machine.id, { kind: 'gone', requestId: machine.requestId });
      continue;
    }
    byMachine.set(machine.id, {
      kind: vm.status === 'running' ? 'running' : 'stopped',
      vm: factsOf(vm),
      confirmedByTag: tagsOf(vm).some((tag) => PROVIDER_TAG.test(tag)),
    });
  }
  const accounted = new Set([
    ...input.requestIds,
    ...input.machines.flatMap((m) => (m.requestId ? [m.requestId] : [])),
  ]);
  const orphans = vms
    .filter((vm) => tagsOf(vm).some((tag) => PROVIDER_TAG.test(tag)) && !accounted.has(vm.name ?? ''))
    .map(factsOf);
  return { byMachine, orphans };
}

import type { FakeOmniState } from '../test/fakes/omnictl/fake-omni.js';
import type { FakeVm } from '../test/fakes/proxmox/start-fake-proxmox.js';

// What a scenario says of Proxmox beyond "each machine the provider made has its VM".
export type VmPlan = {
  // Machine requests (= VM names) whose VM was destroyed out of band before the scenario starts.
  gone: readonly string[];
  // VMs tagged by the provider that no machine accounts for (left behind by an earlier set).
  orphans: readonly FakeVm[];
};

export type FleetVms = {
  // The VMs Proxmox has now, brought up to date with the simulated fleet.
  sync(state: FakeOmniState, nowMs: number): FakeVm[];
};

const NODES = ['pve1', 'pve2', 'pve3'] as const;
const FIRST_VMID = 101;

type Entry = { vm: FakeVm; startedMs: number; leftBehind: boolean };

// The simulated Proxmox cluster: the provider makes a VM for each MachineRequest (named after it,
// tagged with its set, its SMBIOS UUID the machine's id). When a machine goes while the provider
// runs, the provider deletes its VM; while the provider is down nobody does, and the VM stays
// behind as an orphan, as on a real cluster. Deterministic: same states, same VMs.
export function createFleetVms(plan: VmPlan): FleetVms {
  const vms = new Map<string, Entry>();
  const gone = new Set(plan.gone);
  const taken = new Set<number>();
  let nextVmid = FIRST_VMID;
  const newVmid = () => {
    while (taken.has(nextVmid)) nextVmid++;
    taken.add(nextVmid);
    return nextVmid;
  };
  for (const orphan of plan.orphans) {
    vms.set(orphan.name, { vm: { ...orphan }, startedMs: Number.NaN, leftBehind: true });
    taken.add(orphan.vmid);
  }
  return {
    sync(state, nowMs) {
      const requests = new Set<string>();
      for (const machine of state.machines) {
        const name = machine.request;
        if (!name) continue;
        requests.add(name);
        if (vms.has(name) || gone.has(name)) continue;
        const vmid = newVmid();
        vms.set(name, {
          vm: {
            vmid,
            name,
            node: NODES[vmid % NODES.length] ?? 'pve1',
            status: 'running',
            tags: [`machine-request.${machine.requestSet}`],
            machineId: machine.uuid,
          },
          startedMs: Date.parse(machine.created),
          leftBehind: false,
        });
      }
      for (const [name, entry] of vms) {
        if (requests.has(name) || entry.leftBehind) continue;
        if (state.provider.connected) vms.delete(name);
        else entry.leftBehind = true;
      }
      return [...vms.values()]
        .map(({ vm, startedMs }) => ({
          ...vm,
          ...(vm.status === 'running' && Number.isFinite(startedMs)
            ? { uptime: Math.max(0, Math.floor((nowMs - startedMs) / 1000)) }
            : {}),
        }))
        .sort((a, b) => a.vmid - b.vmid);
    },
  };
}

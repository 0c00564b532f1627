import { clusterMachineStageName } from '../src/omni-model/cluster-machine-stage.js';
import { formatUtc } from '../src/procedures/shared/format-utc.js';
import type { FakeOmniState } from '../test/fakes/omnictl/fake-omni.js';
import type { FakeVm } from '../test/fakes/proxmox/start-fake-proxmox.js';
import type { ProxmoxView, SimulatorView, VmView } from './demo-types.js';

const CLUSTERS = 'Clusters.omni.sidero.dev';

// The simulated Proxmox: its URL and VMs, or why the playground runs without it.
export type ProxmoxFacts = { url: string; vms: readonly FakeVm[] } | { reason: string };

const vmView = (vm: FakeVm): VmView => ({ vmid: vm.vmid, name: vm.name, node: vm.node, status: vm.status });

// What the page shows beside the channels: the simulator's own state, not what the bot believes.
export function summariseSimulator(state: FakeOmniState, proxmox: ProxmoxFacts): SimulatorView {
  const vms = 'vms' in proxmox ? new Map(proxmox.vms.map((vm) => [vm.name, vm])) : undefined;
  const requests = new Set(state.machines.flatMap((m) => (m.request ? [m.request] : [])));
  const proxmoxView: ProxmoxView =
    'vms' in proxmox
      ? {
          configured: true,
          url: proxmox.url,
          vmCount: proxmox.vms.length,
          orphans: proxmox.vms.filter((vm) => !requests.has(vm.name)).map(vmView),
        }
      : { configured: false, reason: proxmox.reason };
  const vmOf = (request: string | null) => {
    if (!vms || !request) return {};
    const vm = vms.get(request);
    return { vm: vm ? vmView(vm) : null };
  };
  return {
    provider: {
      id: state.provider.id,
      connected: state.provider.connected,
      keyExpiredAt: state.provider.keyExpiredAt,
      keyExpiryShown: formatUtc(state.provider.keyExpiredAt),
      keyRenewals: state.provider.keyRenewals,
    },
    auth: state.auth,
    clusters: (state.resources[CLUSTERS] ?? []).map((c) => c.metadata.id),
    machines: state.machines.map((m) => ({
      id: m.uuid,
      hostname: m.nodeName,
      cluster: m.cluster,
      role: m.role,
      stage: m.cluster === null ? 'not in a cluster' : clusterMachineStageName(m.stage),
      connected: m.connected,
      phase: m.clusterMachinePhase,
      ...vmOf(m.request),
    })),
    proxmox: proxmoxView,
  };
}

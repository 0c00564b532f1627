import type { FakeOmni } from '../test/fakes/omnictl/fake-omni.js';
import { readState } from '../test/fakes/omnictl/lib/state-store.mjs';
import {
  type FakeProxmox,
  type FakeProxmoxOptions,
  type FakeVm,
  startFakeProxmox,
} from '../test/fakes/proxmox/start-fake-proxmox.js';
import { createFleetVms, type VmPlan } from './fleet-vms.js';

export type DemoProxmox =
  // vms(): what the fake Proxmox answers now (the simulator panel shows the same).
  { pve: FakeProxmox; vms(): FakeVm[] } | { pve: undefined; reason: string };

// The simulated Proxmox cluster: the fake Proxmox API, its VMs following the simulated fleet. It
// needs openssl for its throwaway certificate; without it the playground runs without Proxmox and
// the bot says "Proxmox is not configured", as it does anywhere PROXMOX_URL is unset.
export async function startDemoProxmox(
  omni: FakeOmni,
  plan: VmPlan,
  start: (options: FakeProxmoxOptions) => Promise<FakeProxmox> = startFakeProxmox,
  now: () => number = Date.now,
): Promise<DemoProxmox> {
  const fleet = createFleetVms(plan);
  let last: FakeVm[] = [];
  const vms = () => {
    try {
      last = fleet.sync(readState(omni.statePath), now());
    } catch {
      // Mid-reset the state file may be gone: answer as last time.
    }
    return last;
  };
  try {
    const pve = await start({ vmsFrom: vms });
    return { pve, vms };
  } catch (error) {
    return {
      pve: undefined,
      reason: `the fake Proxmox did not start (its certificate needs openssl): ${(error as Error).message}`,
    };
  }
}

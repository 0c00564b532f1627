import type { VmPlan } from './fleet-vms.js';

// Who and where the playground plays: the fake Slack's default workspace, with roles for the page.
export const PEOPLE = [
  { id: 'U0ALICE', name: 'alice', role: 'requester' },
  { id: 'U0BOB', name: 'bob', role: 'approver' },
  { id: 'U0DAVE', name: 'dave', role: 'approver' },
] as const;

export const OPS_CHANNEL = 'C0OPS';
export const INCIDENT_CHANNEL = 'C0INC';
export const CHANNELS = [OPS_CHANNEL, INCIDENT_CHANNEL] as const;

export const APPROVERS = PEOPLE.filter((p) => p.role === 'approver').map((p) => p.id);

export const SCENARIOS = ['talos-prod', 'healthy', 'stuck-vm-gone', 'stuck-vm-running'] as const;
export type Scenario = (typeof SCENARIOS)[number];

// What each scenario is for, shown beside the scenario picker so nobody has to guess which one
// lets a procedure through.
export const SCENARIO_NOTES: Record<Scenario, string> = {
  'talos-prod':
    'A broken cluster: a stuck worker to remove (its VM destroyed in Proxmox), the provider down (restart it, rotate its key), a template whose label puts workers in a reboot loop (fix it in the simulator panel). Rotate the provider’s key first: fixes that wait for the cluster to be healthy wait for the provider, up to 10 minutes. recover-cluster is refused here while the template is broken.',
  healthy:
    'A healthy cluster with the provider connected and a fixed template: use it to run recover-cluster (two approvers) through to the cluster back and healthy.',
  'stuck-vm-gone':
    'talos-prod, checked against Proxmox: the stuck worker’s VM was destroyed out of band, so the removal card says the VM is gone and a plain Approve runs it. Proxmox also has an orphan VM no machine accounts for: see /omni drift.',
  'stuck-vm-running':
    'talos-prod, but the stuck worker’s VM still runs in Proxmox (unreachable, not destroyed): the removal card warns, a plain Approve is refused and only Remove anyway runs it. With the provider down, the VM then stays behind as an orphan.',
};

// The stuck worker of talos-prod: its MachineRequest, which is also its VM's name.
const STUCK_WORKER_VM = 'talos-prod-workers-p7nz2d';

// What each scenario starts from: the simulated Omni, and what Proxmox has beyond a VM per machine.
export const SCENARIO_SETUP: Record<Scenario, { omni: 'talos-prod' | 'healthy'; vms: VmPlan }> = {
  // The runbook's diagnosis: the stuck machine's VM was deleted out of band.
  'talos-prod': { omni: 'talos-prod', vms: { gone: [STUCK_WORKER_VM], orphans: [] } },
  healthy: { omni: 'healthy', vms: { gone: [], orphans: [] } },
  'stuck-vm-gone': {
    omni: 'talos-prod',
    vms: {
      gone: [STUCK_WORKER_VM],
      orphans: [
        {
          vmid: 187,
          name: 'talos-prod-workers-x4r8vb',
          node: 'pve3',
          status: 'running',
          uptime: 12 * 86_400,
          tags: ['machine-request.talos-prod-workers'],
        },
      ],
    },
  },
  'stuck-vm-running': { omni: 'talos-prod', vms: { gone: [], orphans: [] } },
};

export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

export function isPerson(value: unknown): value is (typeof PEOPLE)[number]['id'] {
  return PEOPLE.some((p) => p.id === value);
}

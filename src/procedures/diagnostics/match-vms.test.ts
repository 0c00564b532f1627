import { describe, expect, it } from 'vitest';
import type { ClusterVm } from '../../proxmox/proxmox-resources.js';
import { matchVms } from './match-vms.js';

const vm = (change: Partial<ClusterVm> & { vmid: number; name: string }): ClusterVm => ({
  node: 'pve1',
  status: 'running',
  type: 'qemu',
  tags: 'go-proxmox+cloud-init;machine-request.talos-prod-workers',
  uptime: 259_200,
  ...change,
});

describe('matchVms', () => {
  const machines = [
    { id: 'm-running', requestId: 'talos-prod-workers-a1' },
    { id: 'm-stopped', requestId: 'talos-prod-workers-b2' },
    { id: 'm-gone', requestId: 'talos-prod-workers-c3' },
    { id: 'm-static' },
  ];
  const vms = [
    vm({ vmid: 101, name: 'talos-prod-workers-a1', node: 'pve2' }),
    vm({ vmid: 102, name: 'talos-prod-workers-b2', status: 'stopped', tags: undefined }),
    vm({ vmid: 103, name: 'talos-prod-workers-zz', node: 'pve3' }),
    vm({ vmid: 104, name: 'talos-prod-workers-d4' }),
    vm({ vmid: 9000, name: 'talos-template', template: 1 }),
    vm({ vmid: 200, name: 'postgres', type: 'lxc', tags: undefined }),
    vm({ vmid: 300, name: 'jumphost', tags: 'infra' }),
  ];

  it('gives each machine its VM by name (the machine request id): running, stopped, gone, or not a Proxmox machine', () => {
    const match = matchVms({ machines, requestIds: ['talos-prod-workers-d4'], vms });

    expect(Object.fromEntries(match.byMachine)).toEqual({
      'm-running': {
        kind: 'running',
        vm: { vmid: 101, node: 'pve2', name: 'talos-prod-workers-a1', status: 'running', uptimeS: 259_200 },
        confirmedByTag: true,
      },
      'm-stopped': {
        kind: 'stopped',
        vm: { vmid: 102, node: 'pve1', name: 'talos-prod-workers-b2', status: 'stopped', uptimeS: 259_200 },
        confirmedByTag: false,
      },
      'm-gone': { kind: 'gone', requestId: 'talos-prod-workers-c3' },
      'm-static': { kind: 'not-proxmox' },
    });
  });

  it('names as orphans the provider’s VMs no machine or request accounts for, ignoring templates, containers and other VMs', () => {
    const match = matchVms({ machines, requestIds: ['talos-prod-workers-d4'], vms });

    expect(match.orphans).toEqual([
      { vmid: 103, node: 'pve3', name: 'talos-prod-workers-zz', status: 'running', uptimeS: 259_200 },
    ]);
  });

  it('says unknown, with the reason, for every Proxmox machine when Proxmox could not be read', () => {
    const match = matchVms({
      machines,
      requestIds: [],
      vms: undefined,
      unreadable: 'Proxmox at pve1:8006 is unreachable',
    });

    expect(match.byMachine.get('m-running')).toEqual({
      kind: 'unknown',
      reason: 'Proxmox at pve1:8006 is unreachable',
    });
    expect(match.byMachine.get('m-static')).toEqual({ kind: 'not-proxmox' });
    expect(match.orphans).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../../test/support/fleet-builder.js';
import { findVmDrift } from './find-vm-drift.js';

describe('findVmDrift', () => {
  it('says VM existence was not checked when there are no VMs to compare', () => {
    expect(
      findVmDrift({
        fleet: buildFleet([]),
        requestIds: [],
        vms: undefined,
        note: 'Proxmox is not configured',
      }),
    ).toEqual({
      checked: false,
      note: 'Proxmox is not configured',
    });
  });

  it('names missing VMs, stopped VMs and the provider’s orphan VMs of the cluster', () => {
    const fleet = buildFleet([
      { id: 'm1', request: 'talos-prod-workers-a1' },
      { id: 'm2', request: 'talos-prod-workers-b2' },
      { id: 'm3', request: 'talos-prod-workers-c3' },
      { id: 'd1', cluster: 'dev', request: 'dev-workers-d1' },
    ]);
    const tagged = (name: string, vmid: number, set: string, status = 'running') => ({
      vmid,
      name,
      node: 'pve1',
      status,
      type: 'qemu' as const,
      tags: `machine-request.${set}`,
    });

    const drift = findVmDrift({
      fleet,
      requestIds: ['talos-prod-workers-tearing-down'],
      vms: [
        tagged('talos-prod-workers-a1', 101, 'talos-prod-workers'),
        tagged('talos-prod-workers-b2', 102, 'talos-prod-workers', 'stopped'),
        tagged('talos-prod-workers-tearing-down', 103, 'talos-prod-workers'),
        tagged('talos-prod-workers-zz', 104, 'talos-prod-workers'),
        tagged('dev-workers-zz', 105, 'dev-workers'),
      ],
      cluster: 'talos-prod',
    });

    expect(drift).toEqual({
      checked: true,
      missing: [{ machineId: 'm3', name: 'talos-prod-workers-c3' }],
      stopped: [
        {
          machineId: 'm2',
          vm: { vmid: 102, node: 'pve1', name: 'talos-prod-workers-b2', status: 'stopped' },
        },
      ],
      orphans: [{ vmid: 104, node: 'pve1', name: 'talos-prod-workers-zz', status: 'running' }],
    });
  });
});

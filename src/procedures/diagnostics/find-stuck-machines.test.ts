import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../../test/support/fleet-builder.js';
import { findStuckMachines } from './find-stuck-machines.js';

const now = new Date('2026-08-22T09:30:00Z');
const stuckAfterMs = 10 * 60_000;

describe('findStuckMachines', () => {
  it('reports a machine tearing down for longer than STUCK_AFTER, with why', () => {
    const fleet = buildFleet([
      { id: 'a', hostname: 'healthy' },
      {
        id: 'b',
        hostname: 'gone-vm',
        stage: 5,
        phase: 'tearingDown',
        connected: false,
        updated: '2026-08-21T07:03:26Z',
        finalizers: ['ClusterMachineConfigController'],
      },
    ]);

    const report = findStuckMachines(fleet, { now, stuckAfterMs });

    expect(report).toEqual({
      cluster: undefined,
      checkedAt: '2026-08-22T09:30:00.000Z',
      machineCount: 2,
      clusterCount: 1,
      stuck: [
        {
          id: 'b',
          hostname: 'gone-vm',
          cluster: 'talos-prod',
          machineSet: undefined,
          role: 'worker',
          stage: 5,
          stageName: 'DESTROYING',
          phase: 'tearingDown',
          finalizers: ['ClusterMachineConfigController'],
          connected: false,
          reasons: ['tearing-down', 'unreachable'],
          since: '2026-08-21T07:03:26Z',
          forMs: 95_194_000,
          removable: true,
        },
      ],
    });
  });

  it('does not report a teardown younger than STUCK_AFTER', () => {
    const fleet = buildFleet([{ id: 'b', stage: 5, phase: 'tearingDown', updated: '2026-08-22T09:25:00Z' }]);

    expect(findStuckMachines(fleet, { now, stuckAfterMs }).stuck).toEqual([]);
  });

  it.each([
    ['BEFORE_DESTROY stage', { stage: 9 }, ['tearing-down']],
    ['disconnected machine', { connected: false }, ['unreachable']],
  ] as const)('reports a %s', (_name, spec, reasons) => {
    const fleet = buildFleet([{ id: 'x', updated: '2026-08-22T08:00:00Z', ...spec }]);

    expect(findStuckMachines(fleet, { now, stuckAfterMs }).stuck.map((m) => m.reasons)).toEqual([reasons]);
  });

  it('lists a machine unreachable for less than STUCK_AFTER as not removable yet, with when it will be', () => {
    const fleet = buildFleet([{ id: 'x', connected: false, stage: 7, updated: '2026-08-22T09:29:50Z' }]);

    const [machine] = findStuckMachines(fleet, { now, stuckAfterMs }).stuck;

    expect(machine).toMatchObject({
      reasons: ['unreachable'],
      since: '2026-08-22T09:29:50Z',
      forMs: 10_000,
      removable: false,
      removableAt: '2026-08-22T09:39:50.000Z',
    });
  });

  it('dates the disconnection by the Machine (the resource that flips), not by a later status update', () => {
    const fleet = buildFleet([{ id: 'x', connected: false, updated: '2026-08-22T09:00:00Z' }]);
    const status = fleet.clusterMachineStatuses[0];
    if (status) status.metadata.updated = '2026-08-22T09:29:59Z';

    const [machine] = findStuckMachines(fleet, { now, stuckAfterMs }).stuck;

    expect(machine).toMatchObject({ since: '2026-08-22T09:00:00Z', forMs: 1_800_000, removable: true });
  });

  it('does not let an unreachable machine without a timestamp be removed: a reboot and a loss look alike', () => {
    const fleet = buildFleet([{ id: 'x', connected: false }]);
    for (const resource of [...fleet.machines, ...fleet.clusterMachineStatuses])
      delete resource.metadata.updated;

    const [machine] = findStuckMachines(fleet, { now, stuckAfterMs }).stuck;

    expect(machine).toMatchObject({ reasons: ['unreachable'], removable: false });
    expect(machine?.removableAt).toBeUndefined();
  });

  it('does not call a powered-off machine unreachable', () => {
    const fleet = buildFleet([{ id: 'x', stage: 11, connected: false }]);

    expect(findStuckMachines(fleet, { now, stuckAfterMs }).stuck).toEqual([]);
  });

  // One reachability rule, Omni's (src/omni-model/reachability.ts): the ClusterMachineStatus's labels.
  it('calls a machine reachable while its status still carries `connected`, as Omni does', () => {
    const fleet = buildFleet([{ id: 'x' }]);
    const machine = fleet.machines[0];
    if (machine) machine.spec.connected = false;

    expect(findStuckMachines(fleet, { now, stuckAfterMs }).stuck).toEqual([]);
  });

  it('calls a machine unreachable when its status carries `disconnected`, as the rest of the bot does', () => {
    const fleet = buildFleet([{ id: 'x', updated: '2026-08-22T08:00:00Z' }]);
    const labels = fleet.clusterMachineStatuses[0]?.metadata.labels;
    if (labels) labels['omni.sidero.dev/disconnected'] = null;

    expect(findStuckMachines(fleet, { now, stuckAfterMs }).stuck.map((m) => m.reasons)).toEqual([
      ['unreachable'],
    ]);
  });

  it('judges a cluster machine Omni has no status for by its Machine', () => {
    const fleet = buildFleet([{ id: 'x', connected: false, updated: '2026-08-22T08:00:00Z' }]);
    const bare = { ...fleet, clusterMachineStatuses: [] };

    expect(findStuckMachines(bare, { now, stuckAfterMs }).stuck.map((m) => m.reasons)).toEqual([
      ['unreachable'],
    ]);
  });

  it('limits the report to one cluster when asked', () => {
    const fleet = buildFleet([
      { id: 'a', cluster: 'one', connected: false },
      { id: 'b', cluster: 'two', connected: false },
    ]);

    const report = findStuckMachines(fleet, { now, stuckAfterMs, cluster: 'two' });

    expect(report.stuck.map((m) => m.id)).toEqual(['b']);
    expect(report.machineCount).toBe(1);
  });
});

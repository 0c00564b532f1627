import { describe, expect, it } from 'vitest';
import { buildFleet, type MachineSpec } from '../../../test/support/fleet-builder.js';
import { planMachineRemoval } from './plan-machine-removal.js';

const now = new Date('2026-08-22T09:30:00Z');
const old = '2026-08-21T07:00:00Z';
const W3 = 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82';
const cp = (id: string, extra: Partial<MachineSpec> = {}): MachineSpec => ({
  id,
  role: 'controlplane',
  ...extra,
});
const ids = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
] as const;

describe('planMachineRemoval', () => {
  it('plans the runbook delete, the Link removal fallback, a wait and the verification', () => {
    const fleet = buildFleet([
      {
        id: W3,
        hostname: 'talos-prod-workers-p7nz2d',
        stage: 5,
        phase: 'tearingDown',
        connected: false,
        updated: old,
      },
    ]);

    const result = planMachineRemoval({ fleet, machineIds: [W3], now, stuckAfterMs: 600_000 });

    expect(result.refused).toBe(false);
    if (result.refused) return;
    expect(
      result.plan.steps.map((s) =>
        s.kind === 'omnictl' || s.kind === 'verify-gone' ? [s.kind, ...s.args].join(' ') : s.kind,
      ),
    ).toEqual([
      `omnictl delete clustermachines ${W3}`,
      `omnictl cluster machine delete ${W3} --force -y`,
      'wait-gone',
      'verify-gone get machines -o json',
    ]);
    expect(result.plan.targets[0]).toMatchObject({
      hostname: 'talos-prod-workers-p7nz2d',
      stageName: 'DESTROYING',
    });
    expect(result.plan.risks).toEqual([]);
    expect(result.plan.cluster).toBe('talos-prod');
  });

  it.each([
    ['a malformed id', ['not-a-uuid'], /Not a machine id/],
    ['an unknown machine', ['99999999-9999-4999-8999-999999999999'], /not in any cluster/],
    ['a healthy machine', [ids[0]], /is not stuck/],
  ])('refuses %s', (_name, machineIds, reason) => {
    const fleet = buildFleet([cp(ids[0]), cp(ids[1]), cp(ids[2])]);

    const result = planMachineRemoval({ fleet, machineIds, now, stuckAfterMs: 600_000 });

    expect(result.refused && result.reason).toMatch(reason);
  });

  it('refuses a machine unreachable for 10 s: not stuck before STUCK_AFTER, and says from when', () => {
    const fleet = buildFleet([
      {
        id: ids[0],
        hostname: 'rebooting-worker',
        connected: false,
        stage: 7,
        updated: '2026-08-22T09:29:50Z',
      },
    ]);

    const result = planMachineRemoval({ fleet, machineIds: [ids[0]], now, stuckAfterMs: 600_000 });

    expect(result).toEqual({
      refused: true,
      reason: `Machine rebooting-worker (${ids[0]}) has been unreachable for 10s only; a rebooting machine is unreachable for a while. It counts as stuck after STUCK_AFTER (10m): ask again from 2026-08-22 09:39:50 UTC.`,
    });
  });

  it('refuses an unreachable machine Omni gives no time for', () => {
    const fleet = buildFleet([{ id: ids[0], connected: false }]);
    for (const resource of [...fleet.machines, ...fleet.clusterMachineStatuses])
      delete resource.metadata.updated;

    const result = planMachineRemoval({ fleet, machineIds: [ids[0]], now, stuckAfterMs: 600_000 });

    expect(result.refused && result.reason).toMatch(/Omni shows no time for it/);
  });

  it('warns about a control-plane node when quorum survives', () => {
    const fleet = buildFleet([cp(ids[0], { connected: false, updated: old }), cp(ids[1]), cp(ids[2])]);

    const result = planMachineRemoval({ fleet, machineIds: [ids[0]], now, stuckAfterMs: 600_000 });

    expect(!result.refused && result.plan.risks).toEqual([
      'Control-plane node 11111111: talos-prod keeps 2 healthy of its 3 etcd members during the removal and 2 control-plane members after it (etcd quorum needs 2).',
    ]);
  });

  it('refuses when the removal would leave etcd without quorum', () => {
    const fleet = buildFleet([
      cp(ids[0], { connected: false, updated: old }),
      cp(ids[1], { connected: false, updated: old }),
      cp(ids[2]),
    ]);

    const result = planMachineRemoval({ fleet, machineIds: [ids[0]], now, stuckAfterMs: 600_000 });

    expect(result.refused && result.reason).toMatch(/below etcd quorum/);
  });

  it('refuses removing 2 unreachable control planes of 3 at once: etcd counts them until Omni drops them', () => {
    const fleet = buildFleet([
      cp(ids[0], { connected: false, updated: old }),
      cp(ids[1], { connected: false, updated: old }),
      cp(ids[2]),
    ]);

    const result = planMachineRemoval({ fleet, machineIds: [ids[0], ids[1]], now, stuckAfterMs: 600_000 });

    expect(result.refused && result.reason).toMatch(
      /would leave talos-prod 1 healthy of its 3 etcd members, below etcd quorum \(2\)\. Only 1 is healthy/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../../test/support/fleet-builder.js';
import type { ClusterStatusView } from '../shared/fleet-snapshot.js';
import { assessProvider } from './assess-provider.js';
import { summariseStatus } from './summarise-status.js';

const now = new Date('2026-08-22T09:30:00Z');
const provider = assessProvider(
  {
    id: 'proxmox',
    found: true,
    connected: false,
    error: '',
    lastHeartbeat: '2026-08-20T08:14:31Z',
    keyExpiresAt: '2026-08-20T08:14:55Z',
    keyExpiryKnown: true,
  },
  now,
);
const fleet = buildFleet([
  { id: 'cp1', role: 'controlplane' },
  { id: 'w1' },
  { id: 'w3', stage: 5, phase: 'tearingDown', connected: false, updated: '2026-08-21T07:03:26Z' },
  { id: 'd1', cluster: 'dev' },
]);
const status = (
  id: string,
  ready: boolean,
  phase: number,
  healthy: number,
  total: number,
): ClusterStatusView => ({
  metadata: { id },
  spec: { ready, phase, machines: { total, healthy, connected: total, requested: total } },
});
const clusterStatuses = [status('talos-prod', false, 2, 2, 3), status('dev', true, 3, 1, 1)];
const alerts = [
  {
    condition: 'stuck-teardown',
    resource: 'w3',
    cluster: 'talos-prod',
    summary: 'w3 stuck',
    openedAt: '2026-08-22T09:00:00Z',
  },
  {
    condition: 'provider-disconnected',
    resource: 'proxmox',
    cluster: null,
    summary: 'provider down',
    openedAt: '2026-08-22T09:01:00Z',
  },
  {
    condition: 'cluster-not-ready',
    resource: 'dev',
    cluster: 'dev',
    summary: 'dev not ready',
    openedAt: null,
  },
];

describe('summariseStatus', () => {
  it('sums up a cluster: phase, ready machines, stages, trouble, provider and its alerts', () => {
    const summary = summariseStatus({
      fleet,
      clusterStatuses,
      provider,
      alerts,
      cluster: 'talos-prod',
      now,
      stuckAfterMs: 600_000,
    });

    expect(summary).toEqual({
      checkedAt: '2026-08-22T09:30:00.000Z',
      unread: [],
      cluster: 'talos-prod',
      clusters: [
        { name: 'talos-prod', phase: 'SCALING_DOWN', ready: false, healthy: 2, total: 3, requested: 3 },
      ],
      machineCount: 3,
      byStage: [
        { stage: 'RUNNING', count: 2 },
        { stage: 'DESTROYING', count: 1 },
      ],
      unreachable: 1,
      stuckTearingDown: 1,
      provider: {
        id: 'proxmox',
        found: true,
        connected: false,
        lastHeartbeat: '2026-08-20T08:14:31Z',
        keyProblem: 'expired',
        keyExpiresAt: '2026-08-20T08:14:55Z',
      },
      alerts: [alerts[0], alerts[1]],
    });
  });

  it('covers every cluster and alert without a cluster', () => {
    const summary = summariseStatus({ fleet, clusterStatuses, provider, alerts, now, stuckAfterMs: 600_000 });

    expect(summary.clusters.map((c) => c.name)).toEqual(['dev', 'talos-prod']);
    expect(summary.machineCount).toBe(4);
    expect(summary.alerts).toHaveLength(3);
  });
});

import { describe, expect, it } from 'vitest';
import { buildFleet, type MachineSpec } from '../../test/support/fleet-builder.js';
import { assessProvider, type ProviderFacts } from '../procedures/diagnostics/assess-provider.js';
import type { ClusterStatusView, MachineRequestStatusView } from '../procedures/shared/fleet-snapshot.js';
import {
  detectConditions,
  observedKinds,
  omniUnavailableCondition,
  type WatchSnapshot,
} from './detect-conditions.js';

const now = new Date('2026-08-22T09:30:00Z');
const stuckAfterMs = 10 * 60_000;
const healthyProvider: ProviderFacts = {
  id: 'proxmox',
  found: true,
  connected: true,
  error: '',
  lastHeartbeat: '2026-08-22T09:29:40Z',
  keyExpiresAt: '2027-08-20T08:14:55Z',
  keyExpiryKnown: true,
};

function clusterStatus(id: string, change: Partial<ClusterStatusView['spec']> = {}): ClusterStatusView {
  return {
    metadata: { id, phase: 'running', updated: '2026-08-22T09:10:00Z' },
    spec: {
      ready: true,
      phase: 3,
      machines: { total: 3, healthy: 3, connected: 3, requested: 3 },
      ...change,
    },
  };
}

function requestStatus(
  id: string,
  stage: number,
  error = '',
  updated = '2026-08-22T09:20:00Z',
): MachineRequestStatusView {
  return { metadata: { id, phase: 'running', updated }, spec: { id: '', stage, error, status: '' } };
}

// A healthy fleet of one cluster; each test changes one thing.
function snapshot(change: Partial<WatchSnapshot> & { machines?: MachineSpec[] } = {}): WatchSnapshot {
  const { machines, ...rest } = change;
  return {
    fleet: buildFleet(machines ?? [{ id: 'm1', hostname: 'cp-1', role: 'controlplane' }]),
    provider: assessProvider(healthyProvider, now),
    machineRequestStatuses: [],
    clusterStatuses: [clusterStatus('talos-prod')],
    ...rest,
  };
}

const detect = (s: WatchSnapshot, lastErrors?: Map<string, string>) =>
  detectConditions(s, { now, stuckAfterMs, lastErrors });

describe('detectConditions', () => {
  it('finds nothing in a healthy fleet', () => {
    expect(detect(snapshot())).toEqual([]);
  });

  it('reports a teardown older than STUCK_AFTER, with where and since when', () => {
    const machines: MachineSpec[] = [
      { id: 'w3', hostname: 'worker-3', stage: 5, phase: 'tearingDown', updated: '2026-08-22T09:15:00Z' },
    ];

    expect(detect(snapshot({ machines }))).toEqual([
      {
        condition: 'stuck-teardown',
        resource: 'w3',
        cluster: 'talos-prod',
        summary:
          'worker-3 in talos-prod is stuck tearing down (stage DESTROYING, waiting on ClusterMachineConfigController)',
        since: '2026-08-22T09:15:00Z',
        holdMs: stuckAfterMs,
        detail: {
          machineId: 'w3',
          hostname: 'worker-3',
          role: 'worker',
          stage: 'DESTROYING',
          phase: 'tearingDown',
          connected: true,
          finalizers: ['ClusterMachineConfigController'],
        },
        diagnose: 'stuck-machines',
      },
    ]);
  });

  it('does not report a teardown younger than STUCK_AFTER', () => {
    const machines: MachineSpec[] = [
      { id: 'w3', stage: 5, phase: 'tearingDown', updated: '2026-08-22T09:25:00Z' },
    ];

    expect(detect(snapshot({ machines }))).toEqual([]);
  });

  it('reports a disconnected cluster member as unreachable, since its last update', () => {
    const machines: MachineSpec[] = [
      { id: 'w1', hostname: 'worker-1', connected: false, updated: '2026-08-22T09:28:00Z' },
    ];

    expect(detect(snapshot({ machines }))).toEqual([
      expect.objectContaining({
        condition: 'machine-unreachable',
        resource: 'w1',
        cluster: 'talos-prod',
        summary: 'worker-1 in talos-prod is unreachable (last known stage RUNNING)',
        since: '2026-08-22T09:28:00Z',
        diagnose: 'stuck-machines',
      }),
    ]);
  });

  it('reports a disconnected provider once, with the key as the cause', () => {
    const provider = assessProvider(
      {
        ...healthyProvider,
        connected: false,
        keyExpiresAt: '2026-08-20T08:14:55Z',
        lastHeartbeat: '2026-08-20T08:14:31Z',
      },
      now,
    );

    const conditions = detect(snapshot({ provider }));

    expect(conditions).toEqual([
      expect.objectContaining({
        condition: 'provider-disconnected',
        resource: 'proxmox',
        summary: 'Infra provider proxmox is disconnected; its key has expired',
        since: '2026-08-20T08:14:31Z',
        diagnose: 'provider-status',
      }),
    ]);
    expect(conditions[0]?.detail.hints).toEqual([expect.stringContaining('/omni rotate-provider-key')]);
  });

  it.each([
    [
      'an error while connected',
      { error: 'proxmox API: 401' },
      'Infra provider proxmox reports an error: proxmox API: 401',
    ],
    ['no such provider', { found: false, connected: false }, 'Infra provider proxmox is unknown to Omni'],
  ] as const)('reports %s as the provider being down', (_name, change, summary) => {
    const provider = assessProvider({ ...healthyProvider, ...change }, now);

    expect(detect(snapshot({ provider }))).toEqual([
      expect.objectContaining({ condition: 'provider-disconnected', summary, since: undefined }),
    ]);
  });

  it('warns about a key that expires soon while the provider still runs', () => {
    const provider = assessProvider({ ...healthyProvider, keyExpiresAt: '2026-08-29T00:00:00Z' }, now);

    expect(detect(snapshot({ provider }))).toEqual([
      expect.objectContaining({
        condition: 'provider-key',
        summary: 'Infra provider proxmox is connected, but its key expires soon (2026-08-29 00:00 UTC)',
      }),
    ]);
  });

  it('reports a cluster that is not ready, to be held for STUCK_AFTER', () => {
    const clusterStatuses = [
      clusterStatus('talos-prod', {
        ready: false,
        phase: 1,
        machines: { total: 2, healthy: 2, connected: 2, requested: 3 },
      }),
    ];

    expect(detect(snapshot({ clusterStatuses }))).toEqual([
      {
        condition: 'cluster-not-ready',
        resource: 'talos-prod',
        cluster: 'talos-prod',
        summary: 'Cluster talos-prod is not ready (phase SCALING_UP, 2/3 machines healthy)',
        since: '2026-08-22T09:10:00Z',
        holdMs: stuckAfterMs,
        detail: {
          cluster: 'talos-prod',
          phase: 'SCALING_UP',
          machines: { total: 2, healthy: 2, connected: 2, requested: 3 },
        },
        diagnose: 'drift',
      },
    ]);
  });

  it('leaves out a cluster not ready because one of its machines is tearing down', () => {
    const machines: MachineSpec[] = [
      { id: 'w3', stage: 5, phase: 'tearingDown', updated: '2026-08-22T09:29:00Z' },
    ];
    const clusterStatuses = [clusterStatus('talos-prod', { ready: false, phase: 2 })];

    expect(detect(snapshot({ machines, clusterStatuses }))).toEqual([]);
  });

  it('reports a FAILED machine request with its error, and keeps it while the provider retries', () => {
    const failed = snapshot({
      machineRequestStatuses: [requestStatus('workers-abc123', 3, 'no space left on node pve1')],
    });
    const retrying = snapshot({ machineRequestStatuses: [requestStatus('workers-abc123', 1)] });
    const kept = new Map([['machine-request-failed:workers-abc123', 'no space left on node pve1']]);

    const [first] = detect(failed);
    const [second] = detect(retrying, kept);

    expect(first).toMatchObject({
      condition: 'machine-request-failed',
      resource: 'workers-abc123',
      summary: 'Machine request workers-abc123 failed: no space left on node pve1',
      since: '2026-08-22T09:20:00Z',
      lastError: 'no space left on node pve1',
      detail: { stage: 'FAILED', retrying: false },
    });
    expect(second).toMatchObject({
      summary: first?.summary,
      since: undefined,
      lastError: undefined,
      detail: { stage: 'PROVISIONING', error: 'no space left on node pve1', retrying: true },
    });
  });

  it('lets a failed machine request go once it is provisioned', () => {
    const kept = new Map([['machine-request-failed:workers-abc123', 'boom']]);

    expect(detect(snapshot({ machineRequestStatuses: [requestStatus('workers-abc123', 2)] }), kept)).toEqual(
      [],
    );
  });

  it('reports a node whose logs show NodeRestriction refusing its labels', () => {
    const machines: MachineSpec[] = [{ id: 'w2', hostname: 'worker-2' }];
    const labelSymptoms = new Map([['w2', { keys: ['node-role.kubernetes.io/worker'], count: 4 }]]);

    expect(detect(snapshot({ machines, labelSymptoms }))).toEqual([
      {
        condition: 'node-label-loop',
        resource: 'w2',
        cluster: 'talos-prod',
        summary: 'worker-2 in talos-prod: NodeRestriction rejects its labels node-role.kubernetes.io/worker',
        detail: {
          machineId: 'w2',
          hostname: 'worker-2',
          keys: ['node-role.kubernetes.io/worker'],
          rejections: 4,
        },
        diagnose: 'reboot-loop',
      },
    ]);
  });
});

describe('observedKinds', () => {
  it('leaves out what the snapshot could not see', () => {
    expect(observedKinds(snapshot({ provider: undefined }))).toEqual([
      'stuck-teardown',
      'machine-unreachable',
      'cluster-not-ready',
      'machine-request-failed',
      'omni-unavailable',
    ]);
  });
});

describe('omniUnavailableCondition', () => {
  it('is one condition about Omni, whatever failed', () => {
    expect(omniUnavailableCondition({ kind: 'key-expired', message: 'The key expired.' })).toEqual({
      condition: 'omni-unavailable',
      resource: 'omni',
      summary: 'The watcher cannot read Omni (key-expired): The key expired.',
      detail: { kind: 'key-expired', message: 'The key expired.' },
      diagnose: 'provider-status',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { typedTarget } from './typed-target.js';

// Targets as plans stored before targets had a kind wrote them (JSON in SQLite).
const LEGACY_PROVIDER = {
  id: 'proxmox',
  hostname: 'Proxmox',
  cluster: '(infra provider)',
  role: 'infra provider',
  stageName: 'DISCONNECTED',
  phase: 'last heartbeat 2026-08-20T08:14:31Z',
  finalizers: [],
  connected: false,
};
const LEGACY_RECOVERY = {
  id: 'talos-prod',
  hostname: 'clusters/talos-prod.yaml',
  cluster: 'talos-prod',
  role: 'whole cluster',
  stageName: '6 machines',
  phase: 'to be deleted and redeployed',
  finalizers: [],
  connected: true,
};
const LEGACY_SYNC = { ...LEGACY_RECOVERY, role: 'cluster template', stageName: 'in sync', phase: 'template' };
const LEGACY_MACHINE = {
  id: 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82',
  hostname: 'talos-prod-workers-p7nz2d',
  cluster: 'talos-prod',
  role: 'worker',
  stageName: 'DESTROYING',
  phase: 'tearingDown',
  finalizers: ['ClusterMachineTeardownController'],
  connected: false,
};

describe('typedTarget', () => {
  it('reads a stored provider target by its procedure or role', () => {
    const expected = {
      kind: 'provider',
      id: 'proxmox',
      name: 'Proxmox',
      connected: false,
      lastHeartbeat: '2026-08-20T08:14:31Z',
    };

    expect(typedTarget('restart-provider', LEGACY_PROVIDER)).toEqual(expected);
    expect(typedTarget('rotate-provider-key', { ...LEGACY_PROVIDER, phase: 'no heartbeat' })).toEqual({
      ...expected,
      lastHeartbeat: null,
    });
    expect(typedTarget('some-future-procedure', LEGACY_PROVIDER)).toEqual(expected);
  });

  it('reads a stored whole-cluster or template target as a cluster, the template path as its template', () => {
    expect(typedTarget('recover-cluster', LEGACY_RECOVERY)).toEqual({
      kind: 'cluster',
      id: 'talos-prod',
      template: 'clusters/talos-prod.yaml',
      state: '6 machines',
      change: 'to be deleted and redeployed',
    });
    expect(typedTarget('sync-template', LEGACY_SYNC)).toEqual({
      kind: 'cluster',
      id: 'talos-prod',
      template: 'clusters/talos-prod.yaml',
      state: 'in sync',
    });
  });

  it('reads anything else as a machine, and keeps a target that has its kind', () => {
    expect(typedTarget('remove-stuck-machines', LEGACY_MACHINE)).toEqual({
      kind: 'machine',
      ...LEGACY_MACHINE,
    });
    const typed = { kind: 'cluster', id: 'c', template: 't.yaml', state: 'in sync' } as const;
    expect(typedTarget('remove-stuck-machines', typed)).toBe(typed);
  });
});

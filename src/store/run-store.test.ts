import { describe, expect, it } from 'vitest';
import { createStore } from './create-store.js';

const at = (minute: number) => `2026-08-22T09:${String(minute).padStart(2, '0')}:00.000Z`;

function storeWithRequest() {
  const store = createStore(':memory:');
  store.requests.insert({
    id: 'r-000000000001',
    procedure: 'remove-stuck-machines',
    params: {},
    plan: {
      procedure: 'remove-stuck-machines',
      title: 'Remove',
      cluster: 'talos-prod',
      targets: [],
      steps: [],
      risks: [],
      approvalsNeeded: 1,
      fingerprint: 'f',
    },
    planFingerprint: 'f',
    cluster: 'talos-prod',
    requester: 'U0ALICE',
    reason: '',
    channel: 'C0OPS',
    approvalsNeeded: 1,
    dryRun: false,
    createdAt: at(0),
    expiresAt: at(15),
  });
  store.runs.insert({
    id: 'run-000000000001',
    requestId: 'r-000000000001',
    cluster: 'talos-prod',
    channel: 'C0OPS',
    threadTs: null,
    startedAt: at(1),
  });
  return store;
}

describe('run store', () => {
  it('creates a run starting; it starts once, at the time its steps begin', () => {
    const store = storeWithRequest();

    expect(store.runs.get('run-000000000001')).toMatchObject({ status: 'starting', startedAt: at(1) });
    expect(store.runs.starting().map((r) => r.id)).toEqual(['run-000000000001']);
    expect(store.runs.start('run-000000000001', at(2))).toBe(true);
    expect(store.runs.start('run-000000000001', at(3))).toBe(false);
    expect(store.runs.get('run-000000000001')).toMatchObject({ status: 'running', startedAt: at(2) });
    expect(store.runs.starting()).toEqual([]);
  });

  it('closes a run that never started, and never one that did', () => {
    const refused = storeWithRequest();
    const started = storeWithRequest();
    started.runs.start('run-000000000001', at(2));

    expect(refused.runs.closeUnstarted('run-000000000001', 'refused', at(2), 'Omni changed')).toBe(true);
    expect(started.runs.closeUnstarted('run-000000000001', 'interrupted', at(3), 'stopped')).toBe(false);
    expect(refused.runs.get('run-000000000001')).toMatchObject({
      status: 'refused',
      finishedAt: at(2),
      summary: 'Omni changed',
    });
    expect(started.runs.get('run-000000000001')?.status).toBe('running');
  });

  it('lists every lock, and finds the request a run id was issued for in the audit', () => {
    const store = storeWithRequest();
    store.locks.acquire('talos-prod', 'run-0000deadbeef', 'U0BOB', at(1));
    store.audit.append({
      at: at(1),
      actor: 'U0BOB',
      action: 'request.approved',
      requestId: 'r-000000000001',
      runId: 'run-0000deadbeef',
      detail: {},
    });

    expect(store.locks.all()).toEqual([
      { cluster: 'talos-prod', runId: 'run-0000deadbeef', holder: 'U0BOB', acquiredAt: at(1) },
    ]);
    expect(store.audit.requestOfRun('run-0000deadbeef')).toBe('r-000000000001');
    expect(store.audit.requestOfRun('run-000000000999')).toBeUndefined();
  });
});

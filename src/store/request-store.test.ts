import { describe, expect, it } from 'vitest';
import { omnictlPlan } from '../../test/support/use-case-deps.js';
import type { Plan } from '../procedures/shared/plan.js';
import { createStore } from './create-store.js';
import { StoredPlanError } from './request-store.js';

const plan: Plan = {
  ...omnictlPlan([['delete', 'clustermachine', 'm-w1']]),
  needsOverride: { reason: 'VM 101 is running.' },
};

function storeWith(storedPlan: Plan) {
  const store = createStore(':memory:');
  store.requests.insert({
    id: 'r-000000000001',
    procedure: plan.procedure,
    params: {},
    plan: storedPlan,
    planFingerprint: plan.fingerprint,
    cluster: 'talos-prod',
    requester: 'U0ALICE',
    reason: 'stuck',
    channel: 'C0OPS',
    approvalsNeeded: 1,
    dryRun: false,
    createdAt: '2026-08-22T09:00:00.000Z',
    expiresAt: '2026-08-22T09:15:00.000Z',
  });
  return store;
}

describe('request store: the stored plan', () => {
  it('reads back the plan it stored, as a plan', () => {
    const store = storeWith(plan);

    expect(store.requests.get('r-000000000001')?.plan).toEqual(plan);
  });

  it('keeps a key this version does not know, as written', () => {
    const store = storeWith({ ...plan, laterField: 'kept' } as Plan);

    expect(store.requests.get('r-000000000001')?.plan).toMatchObject({ laterField: 'kept' });
  });

  it('refuses a stored plan that is not a plan, naming the request and what is wrong', () => {
    const store = storeWith(plan);
    store.db
      .prepare('UPDATE requests SET plan = ? WHERE id = ?')
      .run(
        JSON.stringify({ ...plan, steps: [{ kind: 'omnictl', title: 'Delete', args: 'delete m-1' }] }),
        'r-000000000001',
      );

    const read = () => store.requests.get('r-000000000001');

    expect(read).toThrow(StoredPlanError);
    expect(read).toThrow(
      /^The stored plan of request r-000000000001 is not a valid plan \(steps\.0\.args: .*\)/,
    );
    expect(() => store.requests.pending()).toThrow(StoredPlanError);
  });

  it('refuses a stored plan that is not JSON', () => {
    const store = storeWith(plan);
    store.db.prepare('UPDATE requests SET plan = ? WHERE id = ?').run('{not json', 'r-000000000001');

    expect(() => store.requests.get('r-000000000001')).toThrow(
      'The stored plan of request r-000000000001 is not a valid plan (not JSON); nothing was done with it.',
    );
  });
});

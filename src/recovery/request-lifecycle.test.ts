import { describe, expect, it } from 'vitest';
import { BOB, CAROL, insertRequest, omnictlPlan, useCaseDeps } from '../../test/support/use-case-deps.js';
import { announceClosed, closePending, rejectPending } from './request-lifecycle.js';

const plan = omnictlPlan([['delete', 'clustermachine', 'm-w1']]);

describe('request lifecycle', () => {
  it('closes a pending request once, with its audit row; a second close changes nothing', async () => {
    const deps = await useCaseDeps();
    const id = await insertRequest(deps, plan);
    const how = {
      status: 'expired',
      reason: 'Expired without approval.',
      action: 'request.expired',
    } as const;

    expect(await closePending(deps, id, how)).toBe(true);
    expect(await closePending(deps, id, how)).toBe(false);
    expect(await deps.store.requests.get(id)).toMatchObject({
      status: 'expired',
      outcome: 'Expired without approval.',
    });
    expect((await deps.store.audit.forRequest(id)).map((e) => [e.actor, e.action])).toEqual([
      ['bot', 'request.expired'],
    ]);
  });

  it('rejects once: the decision, who and when, and one audit row land together', async () => {
    const deps = await useCaseDeps();
    const id = await insertRequest(deps, plan);
    const at = deps.clock();

    expect(await rejectPending(deps, id, { actor: BOB.userId, note: 'not now', at })).toBe(true);
    expect(await rejectPending(deps, id, { actor: CAROL.userId, note: '', at })).toBe(false);
    expect(await deps.store.requests.get(id)).toMatchObject({
      status: 'rejected',
      decidedBy: BOB.userId,
      decidedAt: at.toISOString(),
    });
    expect(await deps.store.decisions.forRequest(id)).toMatchObject([
      { actor: BOB.userId, decision: 'reject', note: 'not now' },
    ]);
    expect((await deps.store.audit.forRequest(id)).map((e) => [e.actor, e.action, e.detail])).toEqual([
      [BOB.userId, 'request.rejected', { note: 'not now' }],
    ]);
  });

  it('tells of a closed request as it is stored now', async () => {
    const deps = await useCaseDeps();
    const id = await insertRequest(deps, plan);
    await closePending(deps, id, { status: 'refused', reason: 'Mode changed.', action: 'request.refused' });

    await announceClosed(deps, id, 'Mode changed.');

    expect(deps.notifier.notices).toEqual([
      { notice: 'requestClosed', requestId: id, status: 'refused', reason: 'Mode changed.' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { createRecordingOmnictl } from '../../test/support/recording-omnictl.js';
import {
  ALICE,
  BOB,
  CAROL,
  insertRequest,
  omnictlPlan,
  type UseCaseDeps,
  useCaseDeps,
} from '../../test/support/use-case-deps.js';
import { approveRequest } from './approve-request.js';

const removal = omnictlPlan([['delete', 'clustermachine', 'm-w1']]);
const actions = async (deps: UseCaseDeps, requestId: string) =>
  (await deps.store.audit.forRequest(requestId)).map((e) => e.action);

describe('approveRequest', () => {
  it('runs an approved request: its steps once, its rows written, its notices in order', async () => {
    const deps = await useCaseDeps();
    const id = await insertRequest(deps, removal);

    const outcome = await approveRequest(deps, id, BOB);
    await deps.settled();

    expect(outcome).toMatchObject({ ok: true, value: { state: 'running' } });
    expect(deps.omnictl.calls).toEqual([['delete', 'clustermachine', 'm-w1']]);
    expect(await deps.store.requests.get(id)).toMatchObject({ status: 'succeeded', decidedBy: BOB.userId });
    expect(await deps.store.runs.forRequest(id)).toMatchObject({ status: 'succeeded' });
    expect(await deps.store.locks.all()).toEqual([]);
    expect((await deps.store.audit.all()).map((e) => e.action)).toEqual([
      'request.approval',
      'request.approved',
      'run.started',
      'step.finished',
      'run.finished',
    ]);
    expect(deps.notifier.names()).toEqual(['runStarted', 'runProgress', 'runProgress', 'runFinished']);
    expect(deps.decisions).toEqual(['remove-stuck-machines approved', 'remove-stuck-machines run succeeded']);
  });

  it('refuses while another run holds the cluster, naming it, and records nothing', async () => {
    const deps = await useCaseDeps();
    const id = await insertRequest(deps, removal);
    await deps.store.locks.acquire(
      'talos-prod',
      'run-0000000000aa',
      CAROL.userId,
      '2026-08-22T08:55:00.000Z',
    );

    const outcome = await approveRequest(deps, id, BOB);

    expect(outcome).toEqual({
      ok: false,
      problem: {
        kind: 'locked',
        message:
          'Cluster talos-prod is locked by run run-0000000000aa, approved by <@U0CAROL> at 2026-08-22T08:55:00.000Z. Approve again when it has finished.',
        mentions: [CAROL.userId],
      },
    });
    expect((await deps.store.requests.get(id))?.status).toBe('pending');
    expect(await deps.store.decisions.forRequest(id)).toEqual([]);
    expect(await actions(deps, id)).toEqual([]);
    expect(deps.omnictl.calls).toEqual([]);
    expect(deps.notifier.notices).toEqual([]);
  });

  it('refuses when Omni changed since the request, saying what changed; nothing runs and the lock is freed', async () => {
    const deps = await useCaseDeps({
      replan: async () => ({ refused: false, plan: { ...removal, fingerprint: 'fp-2' } }),
    });
    const id = await insertRequest(deps, removal);

    const outcome = await approveRequest(deps, id, BOB);

    const reason =
      'Omni changed since the request: the targets are no longer in the state the approval card showed. Nothing ran; request it again to see the new plan.';
    expect(outcome).toEqual({ ok: false, problem: { kind: 'refused', message: reason } });
    expect(await deps.store.requests.get(id)).toMatchObject({ status: 'refused', outcome: reason });
    expect(await deps.store.runs.forRequest(id)).toMatchObject({ status: 'refused', summary: reason });
    expect(await deps.store.locks.all()).toEqual([]);
    expect(await actions(deps, id)).toEqual(['request.approval', 'request.approved', 'request.refused']);
    expect(deps.omnictl.calls).toEqual([]);
    expect(deps.notifier.notices).toEqual([
      { notice: 'requestClosed', requestId: id, status: 'refused', reason },
    ]);
  });

  it('waits for a second approver when the procedure needs two, then runs once', async () => {
    const deps = await useCaseDeps();
    const id = await insertRequest(deps, { ...removal, approvalsNeeded: 2 });

    const first = await approveRequest(deps, id, BOB);
    const again = await approveRequest(deps, id, BOB);

    expect(first).toEqual({
      ok: true,
      value: { state: 'awaiting-more', approvedBy: [BOB.userId], needed: 2 },
    });
    expect(again).toMatchObject({ ok: false, problem: { kind: 'denied' } });
    expect((await deps.store.requests.get(id))?.status).toBe('pending');
    expect(await deps.store.locks.all()).toEqual([]);
    expect(deps.notifier.notices).toEqual([
      { notice: 'approvalRecorded', requestId: id, status: 'pending', approvedBy: [BOB.userId] },
    ]);
    expect(deps.omnictl.calls).toEqual([]);

    const second = await approveRequest(deps, id, CAROL);
    await deps.settled();

    expect(second).toMatchObject({ ok: true, value: { state: 'running' } });
    expect(await deps.store.decisions.approvers(id)).toEqual([BOB.userId, CAROL.userId]);
    expect(deps.omnictl.calls).toEqual([['delete', 'clustermachine', 'm-w1']]);
  });

  it('never counts the requester among two approvers', async () => {
    const deps = await useCaseDeps({ allowSelfApproval: true });
    const id = await insertRequest(deps, { ...removal, approvalsNeeded: 2 });

    const outcome = await approveRequest(deps, id, ALICE);

    expect(outcome).toEqual({
      ok: false,
      problem: { kind: 'denied', message: 'You asked for this: it needs 2 approvers other than you.' },
    });
    expect(await deps.store.decisions.forRequest(id)).toEqual([]);
  });

  it('asks for the secret first and records nothing until it comes with the approval', async () => {
    const deps = await useCaseDeps();
    const id = await insertRequest(deps, { ...removal, needsSecret: true });

    const without = await approveRequest(deps, id, BOB);

    expect(without).toEqual({ ok: true, value: { state: 'needs-secret', requestId: id } });
    expect((await deps.store.requests.get(id))?.status).toBe('pending');
    expect(await deps.store.decisions.forRequest(id)).toEqual([]);
    expect(await actions(deps, id)).toEqual([]);
    expect(deps.notifier.notices).toEqual([]);

    const withSecret = await approveRequest(deps, id, BOB, 'pasted-key-value');
    await deps.settled();

    expect(withSecret).toMatchObject({ ok: true, value: { state: 'running' } });
    expect((await deps.store.requests.get(id))?.status).toBe('succeeded');
  });

  it("refuses the requester's own approval", async () => {
    const deps = await useCaseDeps();
    const id = await insertRequest(deps, removal);

    const outcome = await approveRequest(deps, id, ALICE);

    expect(outcome).toEqual({
      ok: false,
      problem: { kind: 'denied', message: 'You asked for this: someone else has to approve it.' },
    });
    expect((await deps.store.requests.get(id))?.status).toBe('pending');
    expect(deps.omnictl.calls).toEqual([]);
  });

  it('refuses an expired request and runs nothing', async () => {
    const deps = await useCaseDeps();
    const id = await insertRequest(deps, removal);
    deps.advance(15 * 60_000);

    const outcome = await approveRequest(deps, id, BOB);

    expect(outcome).toEqual({ ok: false, problem: { kind: 'denied', message: 'This request has expired.' } });
    expect(await deps.store.decisions.forRequest(id)).toEqual([]);
    expect(deps.omnictl.calls).toEqual([]);
  });

  it('closes a dry-run request once the bot runs for real, telling the channel why', async () => {
    const deps = await useCaseDeps({ dryRun: false });
    const id = await insertRequest(deps, removal, { dryRun: true });

    const outcome = await approveRequest(deps, id, BOB);

    const reason =
      'This was requested as a DRY RUN while the bot now runs for real (DRY_RUN=false), so it cannot be approved. Nothing ran; request it again.';
    expect(outcome).toEqual({ ok: false, problem: { kind: 'refused', message: reason } });
    expect(await deps.store.requests.get(id)).toMatchObject({ status: 'refused', outcome: reason });
    expect(await actions(deps, id)).toEqual(['request.refused']);
    expect(deps.notifier.notices).toEqual([
      { notice: 'requestClosed', requestId: id, status: 'refused', reason },
    ]);
    expect(deps.decisions).toEqual(['remove-stuck-machines refused']);
    expect(deps.omnictl.calls).toEqual([]);
  });

  it('claims a request once of many concurrent approvals: one run, one lock, the others told who approved', async () => {
    const deps = await useCaseDeps();
    const id = await insertRequest(deps, removal);

    const outcomes = await Promise.all(
      [BOB, CAROL, BOB, CAROL, BOB, CAROL].map((approver) => approveRequest(deps, id, approver)),
    );
    await deps.settled();

    const running = outcomes.filter((o) => o.ok);
    expect(running).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.problem.kind)).toEqual(
      Array(5).fill('already-decided'),
    );
    expect(deps.omnictl.calls).toEqual([['delete', 'clustermachine', 'm-w1']]);
    expect(await deps.store.decisions.forRequest(id)).toHaveLength(1);
    expect(await actions(deps, id)).toEqual([
      'request.approval',
      'request.approved',
      'run.started',
      'run.finished',
    ]);
    expect(await deps.store.locks.all()).toEqual([]);
  });

  it('refuses a second approval of a request already claimed, naming who approved it', async () => {
    const deps = await useCaseDeps({ omnictl: createRecordingOmnictl() });
    const id = await insertRequest(deps, removal);

    await approveRequest(deps, id, BOB);
    const second = await approveRequest(deps, id, CAROL);
    await deps.settled();

    expect(second).toEqual({
      ok: false,
      problem: {
        kind: 'already-decided',
        message: 'This request was already approved by <@U0BOB>.',
        mentions: [BOB.userId],
      },
    });
    expect(deps.omnictl.calls).toHaveLength(1);
  });
});

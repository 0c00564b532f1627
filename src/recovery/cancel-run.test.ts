import { expect, it } from 'vitest';
import { createRecordingOmnictl } from '../../test/support/recording-omnictl.js';
import { storeEngines } from '../../test/support/store/store-engines.js';
import {
  BOB,
  insertRequest,
  omnictlPlan,
  type UseCaseDeps,
  useCaseDeps,
} from '../../test/support/use-case-deps.js';
import { approveRequest } from './approve-request.js';
import { cancelRun } from './cancel-run.js';

const { describeEachEngine } = await storeEngines();

const DAVE = { userId: 'U0DAVE', groups: [] };

const threeSteps = omnictlPlan([
  ['delete', 'clustermachine', 'm-w1'],
  ['delete', 'link', 'm-w1'],
  ['get', 'machines', 'm-w1'],
]);

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 2));
  if (!condition()) throw new Error('condition never held');
}

describeEachEngine('cancelRun across replicas', (engine) => {
  // Replica A runs a removal whose second step hangs until it is cancelled; B shares the database.
  async function runningOnA(requester?: string) {
    const opened = await engine.open();
    let hanging = false;
    const omnictl = createRecordingOmnictl((args) =>
      args[1] === 'link' ? { hang: true, onStart: () => (hanging = true) } : undefined,
    );
    const a = await useCaseDeps({ omnictl, store: opened.store, replicaId: 'replica-a' });
    const store = engine.engine === 'sqlite' ? opened.store : (await engine.another(opened)).store;
    const b = await useCaseDeps({ store, replicaId: 'replica-b' });
    const requestId = await insertRequest(a, threeSteps, requester ? { requester } : {});
    await approveRequest(a, requestId, BOB);
    await waitFor(() => hanging);
    const runId = (await a.store.runs.forRequest(requestId))!.id;
    return { a, b, requestId, runId, omnictl };
  }

  const lastAudit = async (deps: UseCaseDeps, requestId: string) =>
    (await deps.store.audit.forRequest(requestId)).at(-1);

  it('asks the replica running it, which stops it at its next heartbeat as a local Cancel would', async () => {
    const { a, b, requestId, runId, omnictl } = await runningOnA();

    const outcome = await cancelRun(b, runId, BOB);

    expect(outcome).toEqual({
      ok: true,
      value: { where: 'elsewhere', replica: 'replica-a', withinMs: 5_000 },
    });
    expect((await b.store.runs.get(runId))?.cancelRequested).toEqual({
      by: BOB.userId,
      at: b.clock().toISOString(),
    });
    expect(await lastAudit(b, requestId)).toMatchObject({
      action: 'run.cancel',
      actor: BOB.userId,
      runId,
      detail: { replica: 'replica-a' },
    });
    expect((await b.store.runs.get(runId))?.status).toBe('running');

    a.advance(5_000);
    await a.timers.fire();
    await a.settled();

    expect(omnictl.calls).toEqual([
      ['delete', 'clustermachine', 'm-w1'],
      ['delete', 'link', 'm-w1'],
    ]);
    expect(await a.store.runs.get(runId)).toMatchObject({ status: 'cancelled' });
    expect((await a.store.requests.get(requestId))?.status).toBe('cancelled');
    expect(await a.store.locks.all()).toEqual([]);
    const summary = a.notifier.notices.at(-1);
    expect(summary).toMatchObject({ notice: 'runFinished', result: { status: 'cancelled' } });
    expect(summary?.result?.verdict).toMatch(/^Step 2 \(omnictl delete\) was cancelled: /);
    expect(b.notifier.notices).toEqual([]);
  });

  it('applies the same cancel rule on any replica: after a destructive step only an approver may, and nothing is asked', async () => {
    const { a, b, requestId, runId } = await runningOnA(DAVE.userId);

    const outcome = await cancelRun(b, runId, DAVE);

    expect(outcome).toMatchObject({ ok: false, problem: { kind: 'denied' } });
    expect(outcome.ok ? '' : outcome.problem.message).toMatch(
      /^A destructive step of this run has already run, so only an approver can cancel it now/,
    );
    expect((await b.store.runs.get(runId))?.cancelRequested).toBeNull();
    expect((await lastAudit(b, requestId))?.action).not.toBe('run.cancel');
    a.advance(5_000);
    await a.timers.fire();
    await waitFor(() => a.timers.pending() === 1);
    expect((await a.store.runs.get(runId))?.status).toBe('running');
    for (const controller of a.active.values()) controller.abort();
    await a.settled();
  });

  it('stops a run at once on the replica running it, asking nothing through the database', async () => {
    const { a, runId } = await runningOnA();

    const outcome = await cancelRun(a, runId, BOB);
    await a.settled();

    expect(outcome).toEqual({ ok: true, value: { where: 'here' } });
    expect(await a.store.runs.get(runId)).toMatchObject({ status: 'cancelled', cancelRequested: null });
  });

  it('cancels a run still re-planning on its replica before its first step runs', async () => {
    const opened = await engine.open();
    let replanned: (() => void) | undefined;
    let replanning = false;
    const a = await useCaseDeps({
      store: opened.store,
      replicaId: 'replica-a',
      replan: async (params) => {
        replanning = true;
        await new Promise<void>((resolve) => (replanned = resolve));
        const { requestId } = params as { requestId: string };
        return { refused: false, plan: (await opened.store.requests.get(requestId))!.plan };
      },
    });
    const store = engine.engine === 'sqlite' ? opened.store : (await engine.another(opened)).store;
    const b = await useCaseDeps({ store, replicaId: 'replica-b' });
    const requestId = await insertRequest(a, threeSteps);
    const approving = approveRequest(a, requestId, BOB);
    await waitFor(() => replanning);
    const runId = (await b.store.runs.forRequest(requestId))!.id;
    expect((await b.store.runs.get(runId))?.status).toBe('starting');

    expect(await cancelRun(b, runId, BOB)).toMatchObject({ ok: true, value: { where: 'elsewhere' } });
    replanned?.();
    await approving;
    await a.settled();

    expect(a.omnictl.calls).toEqual([]);
    expect(await a.store.runs.get(runId)).toMatchObject({
      status: 'cancelled',
      summary: 'Cancelled before step 1: omnictl delete.',
    });
    expect(a.notifier.notices.at(-1)).toMatchObject({
      notice: 'runFinished',
      result: { status: 'cancelled' },
    });
  });

  it('says a run that ended is finished, from any replica', async () => {
    const { a, b, runId } = await runningOnA();
    await cancelRun(a, runId, BOB);
    await a.settled();

    expect(await cancelRun(b, runId, BOB)).toEqual({
      ok: false,
      problem: { kind: 'finished', message: 'This run is already cancelled.' },
    });
  });
});

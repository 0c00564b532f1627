import { expect, it } from 'vitest';
import { storeEngines } from '../../test/support/store/store-engines.js';
import { at, insertRequestAndRun } from '../../test/support/store/store-samples.js';

const { describeEachEngine } = await storeEngines();

const RUN = 'run-000000000001';

describeEachEngine('run store', (engine) => {
  async function storeWithRun(owner?: string) {
    const { store } = await engine.open();
    await insertRequestAndRun(store, 1, owner === undefined ? {} : { owner });
    return store;
  }

  it('creates a run starting; it starts once, at the time its steps begin', async () => {
    const store = await storeWithRun();

    expect(await store.runs.get(RUN)).toMatchObject({ status: 'starting', startedAt: at(1) });
    expect((await store.runs.starting()).map((r) => r.id)).toEqual([RUN]);
    expect(await store.runs.start(RUN, at(2))).toBe(true);
    expect(await store.runs.start(RUN, at(3))).toBe(false);
    expect(await store.runs.get(RUN)).toMatchObject({ status: 'running', startedAt: at(2) });
    expect(await store.runs.starting()).toEqual([]);
    expect((await store.runs.running()).map((r) => r.id)).toEqual([RUN]);
    expect((await store.runs.forRequest('r-000000000001'))?.id).toBe(RUN);
  });

  it('closes a run that never started, and never one that did', async () => {
    const refused = await storeWithRun();
    const started = await storeWithRun();
    await started.runs.start(RUN, at(2));

    expect(await refused.runs.closeUnstarted(RUN, 'refused', at(2), 'Omni changed')).toBe(true);
    expect(await started.runs.closeUnstarted(RUN, 'interrupted', at(3), 'stopped')).toBe(false);
    expect(await refused.runs.get(RUN)).toMatchObject({
      status: 'refused',
      finishedAt: at(2),
      summary: 'Omni changed',
    });
    expect((await started.runs.get(RUN))?.status).toBe('running');
  });

  it('finishes a running run once, records its steps in order, and interrupts the one left running', async () => {
    const store = await storeWithRun();
    await store.runs.start(RUN, at(2));
    await store.runs.setStatusTs(RUN, '1000.0001');
    await store.runs.startStep({ runId: RUN, idx: 0, title: 'Delete', command: 'omnictl delete', at: at(2) });
    await store.runs.endStep({
      runId: RUN,
      idx: 0,
      status: 'ok',
      exitCode: 0,
      at: at(3),
      outputTail: 'deleted',
    });
    await store.runs.startStep({
      runId: RUN,
      idx: 1,
      title: 'Wait',
      command: 'wait',
      at: at(3),
      deadline: at(13),
    });
    await store.runs.interruptSteps(RUN, at(4));

    expect(await store.runs.finish(RUN, 'interrupted', at(4), 'stopped')).toBe(true);
    expect(await store.runs.finish(RUN, 'succeeded', at(5), 'done')).toBe(false);
    expect(await store.runs.get(RUN)).toMatchObject({
      status: 'interrupted',
      statusTs: '1000.0001',
      finishedAt: at(4),
      summary: 'stopped',
    });
    expect(await store.runs.steps(RUN)).toEqual([
      {
        runId: RUN,
        idx: 0,
        title: 'Delete',
        command: 'omnictl delete',
        status: 'ok',
        exitCode: 0,
        startedAt: at(2),
        finishedAt: at(3),
        outputTail: 'deleted',
        deadline: null,
      },
      {
        runId: RUN,
        idx: 1,
        title: 'Wait',
        command: 'wait',
        status: 'interrupted',
        exitCode: null,
        startedAt: at(3),
        finishedAt: at(4),
        outputTail: null,
        deadline: at(13),
      },
    ]);
  });

  it('lists every lock, and finds the request a run id was issued for in the audit', async () => {
    const store = await storeWithRun();
    await store.locks.acquire('talos-prod', 'run-0000deadbeef', 'U0BOB', at(1));
    await store.audit.append({
      at: at(1),
      actor: 'U0BOB',
      action: 'request.approved',
      requestId: 'r-000000000001',
      runId: 'run-0000deadbeef',
      detail: {},
    });

    expect(await store.locks.all()).toEqual([
      { cluster: 'talos-prod', runId: 'run-0000deadbeef', holder: 'U0BOB', acquiredAt: at(1) },
    ]);
    expect(await store.audit.requestOfRun('run-0000deadbeef')).toBe('r-000000000001');
    expect(await store.audit.requestOfRun('run-000000000999')).toBeUndefined();
  });

  it('tells when a procedure last ran: running by its start, else finished by its end; dry runs not', async () => {
    const { store } = await engine.open();
    const first = await insertRequestAndRun(store, 1);
    const dry = await insertRequestAndRun(store, 2, { request: { dryRun: true } });
    const second = await insertRequestAndRun(store, 3);
    for (const { runId } of [first, dry, second]) await store.runs.start(runId, at(2));
    await store.runs.finish(first.runId, 'succeeded', at(5), 'done');
    await store.runs.finish(dry.runId, 'failed', at(9), 'dry');

    expect(await store.latestRun.latest('remove-stuck-machines')).toEqual({ at: at(2), running: true });
    await store.runs.finish(second.runId, 'failed', at(7), 'failed');
    expect(await store.latestRun.latest('remove-stuck-machines')).toEqual({ at: at(7), running: false });
    expect(await store.latestRun.finishedAt('remove-stuck-machines')).toBe(at(7));
    expect(await store.latestRun.latest('restart-provider')).toBeUndefined();
  });

  // Issue #16, phase 2 builds crash takeover and cross-replica cancel on these.
  it('records the owner of a run and starts its heartbeat at its start; a run without one has neither', async () => {
    const owned = await storeWithRun('replica-a');
    const old = await storeWithRun();

    expect(await owned.runs.get(RUN)).toMatchObject({
      owner: 'replica-a',
      heartbeatAt: at(1),
      cancelRequested: null,
    });
    expect(await old.runs.get(RUN)).toMatchObject({ owner: null, heartbeatAt: null, cancelRequested: null });
    expect(await old.runs.stale(at(59))).toEqual([]);
  });

  it('takes a heartbeat only from the owner of a live run, and hands it the cancel asked from anywhere', async () => {
    const store = await storeWithRun('replica-a');
    await store.runs.start(RUN, at(2));

    expect(await store.runs.heartbeat(RUN, 'replica-a', at(3))).toEqual({ cancelRequested: null });
    expect(await store.runs.heartbeat(RUN, 'replica-b', at(3))).toBeNull();
    expect(await store.runs.requestCancel(RUN, 'U0BOB', at(4))).toBe(true);
    expect(await store.runs.requestCancel(RUN, 'U0CAROL', at(5))).toBe(true);
    expect(await store.runs.heartbeat(RUN, 'replica-a', at(6))).toEqual({
      cancelRequested: { by: 'U0BOB', at: at(4) },
    });
    expect(await store.runs.get(RUN)).toMatchObject({
      heartbeatAt: at(6),
      cancelRequested: { by: 'U0BOB', at: at(4) },
    });
    await store.runs.finish(RUN, 'cancelled', at(7), 'cancelled');
    expect(await store.runs.heartbeat(RUN, 'replica-a', at(8))).toBeNull();
    expect(await store.runs.requestCancel(RUN, 'U0BOB', at(8))).toBe(false);
    expect((await store.runs.get(RUN))?.heartbeatAt).toBe(at(6));
  });

  it('finds the live runs of a replica, and those whose owner stopped beating before a time', async () => {
    const { store } = await engine.open();
    const a1 = await insertRequestAndRun(store, 1, { owner: 'replica-a' });
    const a2 = await insertRequestAndRun(store, 2, { owner: 'replica-a' });
    const b = await insertRequestAndRun(store, 3, { owner: 'replica-b' });
    const done = await insertRequestAndRun(store, 4, { owner: 'replica-a' });
    await store.runs.start(a2.runId, at(2));
    await store.runs.start(done.runId, at(2));
    await store.runs.finish(done.runId, 'succeeded', at(3), 'done');
    await store.runs.heartbeat(a1.runId, 'replica-a', at(10));
    await store.runs.heartbeat(b.runId, 'replica-b', at(30));

    expect((await store.runs.owned('replica-a')).map((r) => r.id).sort()).toEqual([a1.runId, a2.runId]);
    expect((await store.runs.stale(at(10))).map((r) => r.id)).toEqual([a2.runId]);
    expect((await store.runs.stale(at(31))).map((r) => r.id)).toEqual([a2.runId, a1.runId, b.runId]);
  });

  it('closes a live run only while it is as the closer expects: its owner, and a heartbeat older than given', async () => {
    const { store } = await engine.open();
    const a = await insertRequestAndRun(store, 1, { owner: 'replica-a' });
    const b = await insertRequestAndRun(store, 2, { owner: 'replica-a' });
    await store.runs.start(a.runId, at(2));
    await store.runs.heartbeat(a.runId, 'replica-a', at(10));

    // The owner beat again after the takeover looked: the takeover changes nothing.
    expect(
      await store.runs.finish(a.runId, 'interrupted', at(11), 'x', {
        owner: 'replica-a',
        heartbeatBefore: at(5),
      }),
    ).toBe(false);
    expect(await store.runs.finish(a.runId, 'interrupted', at(11), 'x', { owner: 'replica-b' })).toBe(false);
    expect(await store.runs.finish(a.runId, 'interrupted', at(11), 'x', { owner: null })).toBe(false);
    expect(
      await store.runs.finish(a.runId, 'interrupted', at(11), 'taken', {
        owner: 'replica-a',
        heartbeatBefore: at(11),
      }),
    ).toBe(true);
    expect(await store.runs.get(a.runId)).toMatchObject({ status: 'interrupted', summary: 'taken' });
    expect(await store.runs.closeUnstarted(b.runId, 'interrupted', at(11), 'x', { owner: 'replica-b' })).toBe(
      false,
    );
    expect(
      await store.runs.closeUnstarted(b.runId, 'interrupted', at(11), 'gone', {
        owner: 'replica-a',
        heartbeatBefore: at(2),
      }),
    ).toBe(true);
  });

  it("writes a step's end once: a step another replica marked interrupted keeps that", async () => {
    const store = await storeWithRun('replica-a');
    await store.runs.start(RUN, at(2));
    await store.runs.startStep({ runId: RUN, idx: 0, title: 'Delete', command: 'omnictl delete', at: at(2) });
    await store.runs.interruptSteps(RUN, at(3));
    await store.runs.endStep({
      runId: RUN,
      idx: 0,
      status: 'failed',
      exitCode: -1,
      at: at(4),
      outputTail: 'killed',
    });

    expect(await store.runs.steps(RUN)).toMatchObject([
      { idx: 0, status: 'interrupted', finishedAt: at(3), outputTail: null },
    ]);
  });
});

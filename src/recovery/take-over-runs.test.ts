import { expect, it } from 'vitest';
import { createRecordingOmnictl } from '../../test/support/recording-omnictl.js';
import { type OpenedStore, type StoreEngine, storeEngines } from '../../test/support/store/store-engines.js';
import {
  BOB,
  insertRequest,
  omnictlPlan,
  T0,
  type UseCaseDeps,
  useCaseDeps,
} from '../../test/support/use-case-deps.js';
import { approveRequest } from './approve-request.js';
import { startTakeoverTimer, takeOverStaleRuns } from './take-over-runs.js';

const { describeEachEngine } = await storeEngines();

const threeSteps = omnictlPlan([
  ['delete', 'clustermachine', 'm-w1'],
  ['delete', 'link', 'm-w1'],
  ['get', 'machines', 'm-w1'],
]);

// Another replica's store on the same database: its own connection(s) on PostgreSQL; on SQLite
// :memory: the one store (its transactions serialize in-process as two processes' would on a file).
async function sameDatabase(engine: StoreEngine, opened: OpenedStore) {
  return engine.engine === 'sqlite' ? opened.store : (await engine.another(opened)).store;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 2));
  if (!condition()) throw new Error('condition never held');
}

describeEachEngine('takeOverStaleRuns', (engine) => {
  // Replica A runs a removal whose second step hangs; B (and C) share its database.
  async function replicas(count = 2) {
    const opened = await engine.open();
    let hanging = false;
    const omnictl = createRecordingOmnictl((args) =>
      args[1] === 'link' ? { hang: true, onStart: () => (hanging = true) } : undefined,
    );
    const a = await useCaseDeps({ omnictl, store: opened.store, replicaId: 'replica-a' });
    const others: UseCaseDeps[] = [];
    for (const id of ['replica-b', 'replica-c'].slice(0, count - 1))
      others.push(await useCaseDeps({ store: await sameDatabase(engine, opened), replicaId: id }));
    const requestId = await insertRequest(a, threeSteps);
    await approveRequest(a, requestId, BOB);
    await waitFor(() => hanging);
    const runId = (await a.store.runs.forRequest(requestId))!.id;
    return { a, others, requestId, runId, omnictl };
  }

  it('interrupts the run of a replica silent for longer than RUN_TAKEOVER_AFTER, frees its lock, audits it and tells its thread', async () => {
    const { a, others, requestId, runId, omnictl } = await replicas();
    const [b] = others as [UseCaseDeps];

    // 29 s after A's last heartbeat: not yet.
    b.advance(29_000);
    expect(await takeOverStaleRuns(b)).toBe(0);
    expect((await b.store.runs.get(runId))?.status).toBe('running');
    b.advance(2_000);
    expect(await takeOverStaleRuns(b)).toBe(1);

    expect(await b.store.runs.get(runId)).toMatchObject({
      status: 'interrupted',
      summary: `Interrupted: replica replica-a stopped answering at ${T0.toISOString()} during the run.`,
    });
    expect((await b.store.runs.steps(runId)).map((s) => s.status)).toEqual(['ok', 'interrupted']);
    expect((await b.store.requests.get(requestId))?.status).toBe('interrupted');
    expect(await b.store.locks.all()).toEqual([]);
    const audit = (await b.store.audit.forRequest(requestId)).at(-1);
    expect(audit).toMatchObject({
      action: 'run.taken-over',
      actor: 'bot',
      runId,
      detail: { deadReplica: 'replica-a', lastHeartbeat: T0.toISOString(), by: 'replica-b' },
    });
    // Counted once, by the replica that closed it (the dead one never counted its end).
    expect(b.decisions).toEqual(['remove-stuck-machines run interrupted']);
    expect(b.notifier.notices).toEqual([
      {
        notice: 'runInterrupted',
        requestId,
        status: 'interrupted',
        stoppedAnswering: { replica: 'replica-a', at: T0.toISOString() },
      },
    ]);
    expect(b.logText()).toContain('took over the run of a replica that stopped heartbeating');

    // A comes back (its partition heals): its next heartbeat finds the run gone and stops it.
    a.advance(31_000);
    await a.timers.fire();
    await a.settled();
    expect(omnictl.calls).toEqual([
      ['delete', 'clustermachine', 'm-w1'],
      ['delete', 'link', 'm-w1'],
    ]);
    expect(await b.store.runs.get(runId)).toMatchObject({ status: 'interrupted' });
    expect((await b.store.audit.forRequest(requestId)).at(-1)?.action).toBe('run.taken-over');
    expect(a.notifier.names()).not.toContain('runFinished');
  });

  it('leaves alone a run whose owner keeps heartbeating, and its own replica’s runs', async () => {
    const { a, others, runId } = await replicas();
    const [b] = others as [UseCaseDeps];

    a.advance(25_000);
    await a.timers.fire();
    // The next heartbeat is set once this one is written.
    await waitFor(() => a.timers.pending() === 1);
    b.advance(40_000);
    expect(await takeOverStaleRuns(b)).toBe(0);
    a.advance(60_000);
    expect(await takeOverStaleRuns(a)).toBe(0);
    expect((await b.store.runs.get(runId))?.status).toBe('running');
    for (const controller of a.active.values()) controller.abort();
    await a.settled();
  });

  it('of two replicas taking the same run over at once, exactly one does: one audit row, one notice', async () => {
    const { a, others, requestId, runId } = await replicas(3);
    const [b, c] = others as [UseCaseDeps, UseCaseDeps];
    b.advance(60_000);
    c.advance(60_000);

    const taken = await Promise.all([takeOverStaleRuns(b), takeOverStaleRuns(c)]);

    expect(taken.sort()).toEqual([0, 1]);
    const audit = (await b.store.audit.forRequest(requestId)).map((e) => e.action);
    expect(audit.filter((action) => action === 'run.taken-over')).toHaveLength(1);
    expect([...b.notifier.names(), ...c.notifier.names()]).toEqual(['runInterrupted']);
    expect((await b.store.runs.get(runId))?.status).toBe('interrupted');
    a.advance(60_000);
    await a.timers.fire();
    await a.settled();
  });

  it('closes as never started a run whose replica died during the approval’s re-plan, and frees its lock', async () => {
    const opened = await engine.open();
    const a = await useCaseDeps({ store: opened.store, replicaId: 'replica-a' });
    const b = await useCaseDeps({ store: await sameDatabase(engine, opened), replicaId: 'replica-b' });
    const requestId = await insertRequest(a, threeSteps);
    const at = a.clock().toISOString();
    // What A's claim wrote before it died: the request approved, the lock, the run `starting`.
    await a.store.requests.claim(requestId, 'approved', BOB.userId, at);
    await a.store.locks.acquire('talos-prod', 'run-0000000000b1', BOB.userId, at);
    await a.store.runs.insert({
      id: 'run-0000000000b1',
      requestId,
      cluster: 'talos-prod',
      channel: 'C0OPS',
      threadTs: '1767000000.000100',
      startedAt: at,
      owner: 'replica-a',
    });
    b.advance(45_000);

    expect(await takeOverStaleRuns(b)).toBe(1);

    const reason = `The run \`run-0000000000b1\` never started: replica replica-a stopped answering at ${at}, between the approval and the first step. Nothing ran; request it again if it is still needed.`;
    expect(await b.store.runs.get('run-0000000000b1')).toMatchObject({
      status: 'interrupted',
      summary: reason,
    });
    expect(await b.store.requests.get(requestId)).toMatchObject({ status: 'interrupted', outcome: reason });
    expect(await b.store.locks.all()).toEqual([]);
    expect((await b.store.audit.forRequest(requestId)).at(-1)).toMatchObject({
      action: 'run.taken-over',
      detail: { deadReplica: 'replica-a', by: 'replica-b' },
    });
    expect(b.notifier.notices).toEqual([
      { notice: 'requestClosed', requestId, status: 'interrupted', reason },
    ]);
  });

  it('looks again on the heartbeat timer: every max(1 s, RUN_TAKEOVER_AFTER / 6)', async () => {
    const { a, others, runId } = await replicas();
    const [b] = others as [UseCaseDeps];
    const timer = startTakeoverTimer(b);
    expect(b.timers.delays()).toEqual([5_000]);

    b.advance(5_000);
    await b.timers.fire();
    // The next look is set once this one has finished.
    await waitFor(() => b.timers.pending() === 1);
    expect((await b.store.runs.get(runId))?.status).toBe('running');
    b.advance(30_000);
    await b.timers.fire();
    await waitFor(() => b.notifier.names().length === 1);
    expect((await b.store.runs.get(runId))?.status).toBe('interrupted');
    await waitFor(() => b.timers.pending() === 1);
    expect(b.timers.delays()).toEqual([5_000]);
    await timer.stop();
    expect(b.timers.pending()).toBe(0);
    a.advance(60_000);
    await a.timers.fire();
    await a.settled();
  });
});

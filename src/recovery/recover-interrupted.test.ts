import { expect, it } from 'vitest';
import { storeEngines } from '../../test/support/store/store-engines.js';
import {
  BOB,
  insertRequest,
  omnictlPlan,
  type UseCaseDeps,
  useCaseDeps,
} from '../../test/support/use-case-deps.js';
import { recoverInterrupted } from './recover-interrupted.js';
import { releaseStaleLocks } from './release-stale-locks.js';

const { describeEachEngine } = await storeEngines();

// Live runs as replica-b finds them when it starts again: one of replica-a's (alive, heartbeating)
// running and one starting, one of its own from before the restart running and one starting, and
// one with no owner (a row from before migration 7). Each holds a lock on its own cluster.
async function liveRuns(deps: UseCaseDeps) {
  const runs = {
    othersRunning: { owner: 'replica-a', status: 'running' },
    othersStarting: { owner: 'replica-a', status: 'starting' },
    ownRunning: { owner: 'replica-b', status: 'running' },
    ownStarting: { owner: 'replica-b', status: 'starting' },
    ownerless: { owner: undefined, status: 'running' },
  } as const;
  const ids: Record<keyof typeof runs, { runId: string; requestId: string }> = {} as never;
  let n = 0;
  for (const [name, { owner, status }] of Object.entries(runs)) {
    n += 1;
    const cluster = `cluster-${n}`;
    const requestId = await insertRequest(deps, omnictlPlan([['delete', 'link', 'm-w1']], { cluster }));
    const runId = `run-00000000000${n}`;
    const at = deps.clock().toISOString();
    await deps.store.requests.claim(requestId, 'approved', BOB.userId, at);
    await deps.store.locks.acquire(cluster, runId, BOB.userId, at);
    await deps.store.runs.insert({
      id: runId,
      requestId,
      cluster,
      channel: 'C0OPS',
      threadTs: '1767000000.000100',
      startedAt: at,
      ...(owner ? { owner } : {}),
    });
    if (status === 'running') {
      await deps.store.runs.start(runId, at);
      await deps.store.requests.transition(requestId, 'approved', 'running');
    }
    ids[name as keyof typeof runs] = { runId, requestId };
  }
  return ids;
}

describeEachEngine('start-up after a restart', (engine) => {
  async function restartedReplicaB() {
    const { store } = await engine.open();
    const deps = await useCaseDeps({ store, replicaId: 'replica-b' });
    const runs = await liveRuns(deps);
    // A restart a few seconds later: replica-a's heartbeats are fresh.
    deps.advance(5_000);
    await recoverInterrupted(deps);
    await releaseStaleLocks(deps);
    const status = async (name: keyof typeof runs) => (await deps.store.runs.get(runs[name].runId))?.status;
    return { deps, runs, status };
  }

  if (engine.engine === 'postgres')
    it("closes only its own and ownerless runs and locks, never another live replica's", async () => {
      const { deps, runs, status } = await restartedReplicaB();

      expect(await status('othersRunning')).toBe('running');
      expect(await status('othersStarting')).toBe('starting');
      expect(await status('ownRunning')).toBe('interrupted');
      expect(await status('ownStarting')).toBe('interrupted');
      expect(await status('ownerless')).toBe('interrupted');
      expect((await deps.store.locks.all()).map((l) => l.runId).sort()).toEqual(
        [runs.othersRunning.runId, runs.othersStarting.runId].sort(),
      );
      expect(deps.notifier.notices.map((n) => [n.notice, n.requestId])).toEqual([
        ['runInterrupted', runs.ownRunning.requestId],
        ['runInterrupted', runs.ownerless.requestId],
        ['requestClosed', runs.ownStarting.requestId],
      ]);
      const touched = (await deps.store.audit.all()).filter((e) => e.actor === 'bot').map((e) => e.runId);
      expect(touched).not.toContain(runs.othersRunning.runId);
      expect(touched).not.toContain(runs.othersStarting.runId);
    });

  if (engine.engine === 'sqlite')
    it('closes every live run and frees every lock, whatever id the last process ran under (one replica per file, as before)', async () => {
      const { deps, runs, status } = await restartedReplicaB();

      expect(await status('othersRunning')).toBe('interrupted');
      expect(await status('othersStarting')).toBe('interrupted');
      expect(await status('ownRunning')).toBe('interrupted');
      expect(await status('ownStarting')).toBe('interrupted');
      expect(await status('ownerless')).toBe('interrupted');
      expect(await deps.store.locks.all()).toEqual([]);
      expect(deps.notifier.names()).toEqual([
        'runInterrupted',
        'runInterrupted',
        'runInterrupted',
        'requestClosed',
        'requestClosed',
      ]);
      // Whatever replica ran it, its thread hears it was interrupted.
      expect(deps.notifier.notices.map((n) => n.requestId)).toContain(runs.othersRunning.requestId);
    });

  it('reports an ownerless run interrupted once when two replicas start at the same time', async () => {
    const opened = await engine.open();
    const b = await useCaseDeps({ store: opened.store, replicaId: 'replica-b' });
    const other = engine.engine === 'sqlite' ? opened.store : (await engine.another(opened)).store;
    const c = await useCaseDeps({ store: other, replicaId: 'replica-c' });
    const runs = await liveRuns(b);

    await Promise.all([recoverInterrupted(b), recoverInterrupted(c)]);

    const told = [...b.notifier.notices, ...c.notifier.notices].filter(
      (n) => n.requestId === runs.ownerless.requestId,
    );
    expect(told.map((n) => n.notice)).toEqual(['runInterrupted']);
    const audit = (await b.store.audit.all()).filter(
      (e) => e.runId === runs.ownerless.runId && e.action === 'run.interrupted',
    );
    expect(audit).toHaveLength(1);
  });
});

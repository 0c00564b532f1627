import { expect, it } from 'vitest';
import { storeEngines } from '../../test/support/store/store-engines.js';
import { at } from '../../test/support/store/store-samples.js';

const { describeEachEngine } = await storeEngines();

describeEachEngine('cluster locks', (engine) => {
  it('lets one run hold a cluster, tells the next who holds it, and frees it on release', async () => {
    const { store } = await engine.open();

    expect(await store.locks.acquire('talos-prod', 'run-1', 'U0ALICE', at(1))).toEqual({ acquired: true });
    expect(await store.locks.acquire('talos-prod', 'run-2', 'U0BOB', at(2))).toEqual({
      acquired: false,
      heldBy: { cluster: 'talos-prod', runId: 'run-1', holder: 'U0ALICE', acquiredAt: at(1) },
    });
    expect(await store.locks.acquire('talos-dev', 'run-2', 'U0BOB', at(2))).toEqual({ acquired: true });
    await store.locks.release('talos-prod', 'run-2');
    expect((await store.locks.all()).map((l) => l.cluster)).toEqual(['talos-prod', 'talos-dev']);
    await store.locks.release('talos-prod', 'run-1');
    await store.locks.releaseRun('run-2');
    expect(await store.locks.all()).toEqual([]);
  });

  it('gives a cluster to exactly one of 50 concurrent attempts', async () => {
    const { store } = await engine.open({ poolSize: 10 });

    const attempts = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.locks.acquire('talos-prod', `run-${i}`, `U0N${i}`, at(1))),
    );

    const winners = attempts.flatMap((a, i) => (a.acquired ? [`run-${i}`] : []));
    expect(winners).toHaveLength(1);
    expect(attempts.filter((a) => !a.acquired).map((a) => !a.acquired && a.heldBy.runId)).toEqual(
      Array(49).fill(winners[0]),
    );
  });
});

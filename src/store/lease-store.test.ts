import { expect, it } from 'vitest';
import { storeEngines } from '../../test/support/store/store-engines.js';
import { at } from '../../test/support/store/store-samples.js';

const { describeEachEngine } = await storeEngines();

describeEachEngine('leases', (engine) => {
  it('are taken when free, renewed by their holder, refused to another until they expire', async () => {
    const { store } = await engine.open();

    expect(await store.leases.acquire('watcher', 'replica-a', at(0), at(1))).toBe(true);
    expect(await store.leases.acquire('watcher', 'replica-b', at(0), at(1))).toBe(false);
    expect(await store.leases.acquire('watcher', 'replica-a', at(1), at(2))).toBe(true);
    expect(await store.leases.get('watcher')).toEqual({
      name: 'watcher',
      holder: 'replica-a',
      acquiredAt: at(0),
      expiresAt: at(2),
    });
    expect(await store.leases.acquire('watcher', 'replica-b', at(1), at(3))).toBe(false);
    expect(await store.leases.acquire('watcher', 'replica-b', at(2), at(3))).toBe(true);
    expect(await store.leases.get('watcher')).toEqual({
      name: 'watcher',
      holder: 'replica-b',
      acquiredAt: at(2),
      expiresAt: at(3),
    });
  });

  it('are let go only by their holder', async () => {
    const { store } = await engine.open();
    await store.leases.acquire('watcher', 'replica-a', at(0), at(1));

    await store.leases.release('watcher', 'replica-b');
    expect((await store.leases.get('watcher'))?.holder).toBe('replica-a');
    await store.leases.release('watcher', 'replica-a');
    expect(await store.leases.get('watcher')).toBeUndefined();
    expect(await store.leases.acquire('watcher', 'replica-b', at(0), at(1))).toBe(true);
  });

  it('go to exactly one of two replicas asking at once, again and again', async () => {
    const a = await engine.open();
    const b = engine.engine === 'postgres' ? await engine.another(a) : a;

    for (let round = 0; round < 20; round += 1) {
      const name = `lease-${round}`;
      const won = await Promise.all([
        a.store.leases.acquire(name, 'replica-a', at(0), at(1)),
        b.store.leases.acquire(name, 'replica-b', at(0), at(1)),
      ]);
      expect(won.filter(Boolean)).toHaveLength(1);
      expect((await a.store.leases.get(name))?.holder).toBe(won[0] ? 'replica-a' : 'replica-b');
    }
  });
});

import { expect, it } from 'vitest';
import { storeEngines } from '../../test/support/store/store-engines.js';
import { at } from '../../test/support/store/store-samples.js';

const { describeEachEngine } = await storeEngines();

describeEachEngine('freeze', (engine) => {
  it('is set once, keeps its first author, and is cleared once', async () => {
    const { store } = await engine.open();

    expect(await store.freeze.get()).toBeUndefined();
    expect(await store.freeze.set({ by: 'U0ALICE', since: at(1), reason: 'release <day>' })).toBe(true);
    expect(await store.freeze.set({ by: 'U0BOB', since: at(2), reason: 'mine' })).toBe(false);
    expect(await store.freeze.get()).toEqual({ by: 'U0ALICE', since: at(1), reason: 'release <day>' });
    expect(await store.freeze.clear()).toBe(true);
    expect(await store.freeze.clear()).toBe(false);
    expect(await store.freeze.get()).toBeUndefined();
  });
});

import { expect, it } from 'vitest';
import { storeEngines } from '../../test/support/store/store-engines.js';
import { at, sampleRequest } from '../../test/support/store/store-samples.js';

const { describeEachEngine } = await storeEngines();

describeEachEngine('decisions', (engine) => {
  it('record each person’s word once, approvers in the order they approved', async () => {
    const { store } = await engine.open();
    await store.requests.insert(sampleRequest('r-1'));
    const decide = (actor: string, decision: 'approve' | 'reject', minute: number) =>
      store.decisions.record({ requestId: 'r-1', actor, decision, note: `${actor} says`, at: at(minute) });

    expect(await decide('U0BOB', 'approve', 1)).toBe(true);
    expect(await decide('U0BOB', 'approve', 2)).toBe(false);
    expect(await decide('U0ALICE', 'approve', 3)).toBe(true);
    expect(await decide('U0CAROL', 'reject', 4)).toBe(true);

    expect(await store.decisions.approvers('r-1')).toEqual(['U0BOB', 'U0ALICE']);
    expect(await store.decisions.forRequest('r-1')).toEqual([
      { requestId: 'r-1', actor: 'U0BOB', decision: 'approve', note: 'U0BOB says', at: at(1) },
      { requestId: 'r-1', actor: 'U0ALICE', decision: 'approve', note: 'U0ALICE says', at: at(3) },
      { requestId: 'r-1', actor: 'U0CAROL', decision: 'reject', note: 'U0CAROL says', at: at(4) },
    ]);
    expect(await store.decisions.forRequest('r-2')).toEqual([]);
  });
});

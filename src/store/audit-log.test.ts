import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { storeEngines } from '../../test/support/store/store-engines.js';
import { at } from '../../test/support/store/store-samples.js';

const { describeEachEngine } = await storeEngines();

describeEachEngine('audit', (engine) => {
  it('appends entries, read back by request and in order', async () => {
    const { store } = await engine.open();
    await store.audit.append({
      at: at(1),
      actor: 'U0ALICE',
      action: 'request.created',
      requestId: 'r-1',
      detail: {},
    });
    await store.audit.append({
      at: at(2),
      actor: 'U0BOB',
      action: 'request.approved',
      requestId: 'r-1',
      runId: 'run-1',
      detail: { note: 'go' },
    });
    await store.audit.append({
      at: at(3),
      actor: 'bot',
      action: 'step.ok',
      runId: 'run-1',
      detail: { idx: 0 },
    });

    expect(await store.audit.forRequest('r-1')).toEqual([
      {
        id: 1,
        at: at(1),
        actor: 'U0ALICE',
        action: 'request.created',
        requestId: 'r-1',
        runId: null,
        detail: {},
      },
      {
        id: 2,
        at: at(2),
        actor: 'U0BOB',
        action: 'request.approved',
        requestId: 'r-1',
        runId: 'run-1',
        detail: { note: 'go' },
      },
    ]);
    expect((await store.audit.all()).map((e) => e.action)).toEqual([
      'request.created',
      'request.approved',
      'step.ok',
    ]);
  });

  it('refuses an update or a delete, on this engine too', async () => {
    const { store, db } = await engine.open();
    await store.audit.append({ at: at(1), actor: 'U0ALICE', action: 'freeze', detail: {} });

    await expect(sql`UPDATE audit SET actor = 'U0MALLORY'`.execute(db)).rejects.toThrow(
      'audit is append-only',
    );
    await expect(sql`DELETE FROM audit`.execute(db)).rejects.toThrow('audit is append-only');
    expect((await store.audit.all()).map((e) => e.actor)).toEqual(['U0ALICE']);
  });
});

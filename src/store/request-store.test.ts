import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { storeEngines } from '../../test/support/store/store-engines.js';
import { omnictlPlan } from '../../test/support/use-case-deps.js';
import type { Plan } from '../procedures/shared/plan.js';
import type { Store } from './create-store.js';
import { type NewRequest, StoredPlanError } from './request-store.js';

const { describeEachEngine } = await storeEngines();

const plan: Plan = {
  ...omnictlPlan([['delete', 'clustermachine', 'm-w1']]),
  needsOverride: { reason: 'VM 101 is running.' },
};
const at = (minute: number) => `2026-08-22T09:${String(minute).padStart(2, '0')}:00.000Z`;

function request(id: string, change: Partial<NewRequest> = {}): NewRequest {
  return {
    id,
    procedure: plan.procedure,
    params: { machines: ['m-w1'] },
    plan,
    planFingerprint: plan.fingerprint,
    cluster: 'talos-prod',
    requester: 'U0ALICE',
    reason: 'stuck',
    channel: 'C0OPS',
    approvalsNeeded: 1,
    dryRun: false,
    createdAt: at(0),
    expiresAt: at(15),
    ...change,
  };
}

const ID = 'r-000000000001';

describeEachEngine('request store', (engine) => {
  async function storeWith(storedPlan: Plan) {
    const opened = await engine.open();
    await opened.store.requests.insert(request(ID, { plan: storedPlan }));
    return opened;
  }

  it('reads back the request it stored, plan and params parsed, pending', async () => {
    const { store } = await storeWith(plan);

    expect(await store.requests.get(ID)).toEqual({
      ...request(ID),
      status: 'pending',
      cardTs: null,
      decidedAt: null,
      decidedBy: null,
      outcome: null,
      resumesRun: null,
    });
    expect(await store.requests.get('r-000000000999')).toBeUndefined();
  });

  it('keeps a key this version does not know, as written', async () => {
    const { store } = await storeWith({ ...plan, laterField: 'kept' } as Plan);

    expect((await store.requests.get(ID))?.plan).toMatchObject({ laterField: 'kept' });
  });

  it('refuses a stored plan that is not a plan, naming the request and what is wrong', async () => {
    const { store, db } = await storeWith(plan);
    const notAPlan = { ...plan, steps: [{ kind: 'omnictl', title: 'Delete', args: 'delete m-1' }] };
    await db
      .updateTable('requests')
      .set({ plan: JSON.stringify(notAPlan) })
      .where('id', '=', ID)
      .execute();

    const read = () => store.requests.get(ID);

    await expect(read()).rejects.toThrow(StoredPlanError);
    await expect(read()).rejects.toThrow(
      /^The stored plan of request r-000000000001 is not a valid plan \(steps\.0\.args: .*\)/,
    );
    await expect(store.requests.pending()).rejects.toThrow(StoredPlanError);
  });

  it('refuses a stored plan that is not JSON', async () => {
    const { store, db } = await storeWith(plan);
    await db.updateTable('requests').set({ plan: '{not json' }).where('id', '=', ID).execute();

    await expect(store.requests.get(ID)).rejects.toThrow(
      'The stored plan of request r-000000000001 is not a valid plan (not JSON); nothing was done with it.',
    );
  });

  it('claims a pending request once, and never an expired one', async () => {
    const { store } = await storeWith(plan);
    await store.requests.insert(request('r-000000000002'));

    expect(await store.requests.claim(ID, 'approved', 'U0BOB', at(1))).toBe(true);
    expect(await store.requests.claim(ID, 'rejected', 'U0CAROL', at(2))).toBe(false);
    expect(await store.requests.claim('r-000000000002', 'approved', 'U0BOB', at(15))).toBe(false);
    expect(await store.requests.get(ID)).toMatchObject({
      status: 'approved',
      decidedBy: 'U0BOB',
      decidedAt: at(1),
    });
    expect((await store.requests.expiring(at(15))).map((r) => r.id)).toEqual(['r-000000000002']);
  });

  it('moves a request only from the status it is in, keeping its outcome unless given one', async () => {
    const { store } = await storeWith(plan);
    await store.requests.claim(ID, 'approved', 'U0BOB', at(1));

    expect(await store.requests.transition(ID, 'pending', 'running')).toBe(false);
    expect(await store.requests.transition(ID, 'approved', 'running', 'started')).toBe(true);
    expect(await store.requests.transition(ID, 'running', 'succeeded')).toBe(true);
    expect(await store.requests.get(ID)).toMatchObject({ status: 'succeeded', outcome: 'started' });
  });

  it('lists pending, open, interrupted and recent requests in their order, ties in insertion order', async () => {
    const { store } = await storeWith(plan);
    // The same clock tick: recent() still lists the newest first.
    for (const id of ['r-00000000000b', 'r-00000000000a', 'r-00000000000c']) {
      await store.requests.insert(request(id, { createdAt: at(5) }));
    }
    await store.requests.claim('r-00000000000a', 'approved', 'U0BOB', at(6));
    await store.requests.claim('r-00000000000c', 'rejected', 'U0BOB', at(6));
    await store.requests.transition('r-00000000000c', 'rejected', 'interrupted');
    await store.requests.setCardTs(ID, '1000.0001');

    expect((await store.requests.recent(3)).map((r) => r.id)).toEqual([
      'r-00000000000c',
      'r-00000000000a',
      'r-00000000000b',
    ]);
    expect((await store.requests.pending()).map((r) => r.id)).toEqual([ID, 'r-00000000000b']);
    // Ties of created_at have no order here (nor had they in the synchronous store).
    expect((await store.requests.open()).map((r) => r.id).sort()).toEqual([
      ID,
      'r-00000000000a',
      'r-00000000000b',
    ]);
    expect((await store.requests.interrupted()).map((r) => r.id)).toEqual(['r-00000000000c']);
    expect((await store.requests.get(ID))?.cardTs).toBe('1000.0001');
  });

  it('stores a resume approved as it is made, finds it by the run it resumes, and re-plans only it', async () => {
    const { store } = await storeWith(plan);
    const { expiresAt: _, ...base } = request('r-00000000000e', { createdAt: at(20) });
    await store.requests.insertResume({
      ...base,
      cardTs: '1000.0002',
      decidedBy: 'U0BOB',
      resumesRun: 'run-000000000001',
    });
    const rest = { ...plan, steps: plan.steps.slice(1) };

    expect(await store.requests.setResumePlan('r-00000000000e', rest)).toBe(true);
    expect(await store.requests.setResumePlan(ID, rest)).toBe(false);
    expect(await store.requests.resumeOf('run-000000000001')).toMatchObject({
      id: 'r-00000000000e',
      status: 'approved',
      decidedBy: 'U0BOB',
      decidedAt: at(20),
      expiresAt: at(20),
      cardTs: '1000.0002',
      plan: rest,
    });
    await store.requests.transition('r-00000000000e', 'approved', 'refused');
    expect(await store.requests.resumeOf('run-000000000001')).toBeUndefined();
  });

  it('holds the request read for update until the transaction ends, and rolls back what failed', async () => {
    const { store } = await storeWith(plan);

    await expect(
      store.transaction(async (tx) => {
        expect((await tx.requests.getForUpdate(ID))?.status).toBe('pending');
        await tx.requests.claim(ID, 'approved', 'U0BOB', at(1));
        // Nested: the same transaction.
        await tx.transaction((inner: Store) => inner.requests.setCardTs(ID, '1000.0003'));
        throw new Error('the card could not be drawn');
      }),
    ).rejects.toThrow('the card could not be drawn');

    expect(await store.requests.get(ID)).toMatchObject({ status: 'pending', cardTs: null });
    expect(
      await store.transaction(async (tx) => {
        await tx.requests.getForUpdate(ID);
        return tx.requests.claim(ID, 'approved', 'U0BOB', at(1));
      }),
    ).toBe(true);
    expect((await store.requests.get(ID))?.status).toBe('approved');
  });

  // PostgreSQL: a second approval, on another connection, waits for the first to decide, then reads
  // the request as decided. (SQLite's BEGIN IMMEDIATE holds the whole file: nothing to show there.)
  it.skipIf(engine.engine === 'sqlite')(
    'makes a second transaction reading the request for update wait until the first ends',
    async () => {
      const first = await storeWith(plan);
      const other = await engine.another(first);
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let firstRead!: () => void;
      const readByFirst = new Promise<void>((resolve) => {
        firstRead = resolve;
      });

      const deciding = first.store.transaction(async (tx) => {
        await tx.requests.getForUpdate(ID);
        firstRead();
        await held;
        await tx.requests.claim(ID, 'approved', 'U0BOB', at(1));
      });
      await readByFirst;
      const waiting = other.store.transaction(async (tx) => (await tx.requests.getForUpdate(ID))?.status);
      // The second is blocked on the row lock (polled, not slept).
      while (
        Number(
          (
            await sql<{
              n: string;
            }>`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`.execute(first.db)
          ).rows[0]?.n,
        ) === 0
      ) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      release();
      await deciding;

      expect(await waiting).toBe('approved');
    },
  );
});

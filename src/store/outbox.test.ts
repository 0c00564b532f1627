import { expect, it } from 'vitest';
import { storeEngines } from '../../test/support/store/store-engines.js';
import { at } from '../../test/support/store/store-samples.js';
import type { Store } from './create-store.js';

const { describeEachEngine } = await storeEngines();

const message = (text: string) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });

async function addFive(store: Store): Promise<number[]> {
  const ids: number[] = [];
  for (const n of [1, 2, 3, 4, 5]) {
    ids.push(
      await store.outbox.add({
        what: 'summary',
        runId: `run-${n}`,
        channel: 'C0OPS',
        threadTs: '1000.0001',
        message: message(`summary ${n}`),
        createdAt: at(n),
      }),
    );
  }
  return ids;
}

describeEachEngine('outbox', (engine) => {
  it('keeps a message until it is removed, counting failed attempts', async () => {
    const { store } = await engine.open();
    const id = await store.outbox.add({
      what: 'status',
      runId: null,
      channel: 'C0OPS',
      threadTs: null,
      editTs: '1000.0002',
      message: message('*done*'),
      createdAt: at(1),
    });

    await store.outbox.failed(id, 'ratelimited');
    await store.outbox.failed(id, 'ratelimited');

    expect(await store.outbox.pending()).toEqual([
      {
        id,
        what: 'status',
        runId: null,
        channel: 'C0OPS',
        threadTs: null,
        editTs: '1000.0002',
        message: message('*done*'),
        createdAt: at(1),
        attempts: 2,
      },
    ]);
    expect(await store.outbox.count()).toBe(1);
    await store.outbox.remove(id);
    expect(await store.outbox.count()).toBe(0);
  });

  it('hands each row to one taker until its claim expires, oldest first; a failure or release frees it', async () => {
    const { store } = await engine.open();
    const ids = await addFive(store);

    const first = await store.outbox.take('replica-a', at(10), at(11), 2);
    const second = await store.outbox.take('replica-b', at(10), at(11), 10);
    const none = await store.outbox.take('replica-b', at(10), at(11), 10);
    await store.outbox.failed(ids[0]!, 'slack down');
    await store.outbox.release(ids[2]!);
    const freed = await store.outbox.take('replica-b', at(10), at(11), 10);
    const expired = await store.outbox.take('replica-c', at(11), at(12), 10);

    expect(first.map((e) => e.id)).toEqual(ids.slice(0, 2));
    expect(first[0]).toMatchObject({ what: 'summary', runId: 'run-1', message: message('summary 1') });
    expect(second.map((e) => e.id)).toEqual(ids.slice(2));
    expect(none).toEqual([]);
    expect(freed.map((e) => [e.id, e.attempts])).toEqual([
      [ids[0], 1],
      [ids[2], 0],
    ]);
    expect(expired.map((e) => e.id)).toEqual(ids);
  });

  it('keeps a claim its owner renews, and refuses to renew a claim another replica took', async () => {
    const { store } = await engine.open();
    const [id] = await addFive(store);
    await store.outbox.take('replica-a', at(10), at(11), 1);

    const renewed = await store.outbox.renew(id!, 'replica-a', at(13));
    const stillHeld = await store.outbox.take('replica-b', at(12), at(14), 1);
    const byOther = await store.outbox.renew(id!, 'replica-b', at(20));
    const taken = await store.outbox.take('replica-b', at(13), at(14), 1);
    const lost = await store.outbox.renew(id!, 'replica-a', at(20));

    expect([renewed, byOther, lost]).toEqual([true, false, false]);
    expect(stillHeld.map((e) => e.id)).not.toContain(id);
    expect(taken.map((e) => e.id)).toEqual([id]);
  });

  it("frees a failed row only while it is the failing replica's own, and skips the rows a pass tried", async () => {
    const { store } = await engine.open();
    const [first, second] = await addFive(store);
    await store.outbox.take('replica-a', at(10), at(11), 1);
    // replica-a's claim ran out while it was sending; replica-b took the row and is sending it now.
    await store.outbox.take('replica-b', at(11), at(13), 1);

    await store.outbox.failed(first!, 'archived', 'replica-a');
    await store.outbox.release(first!, 'replica-a');
    const whileB = await store.outbox.take('replica-c', at(12), at(13), 1);
    const skipping = await store.outbox.take('replica-c', at(12), at(13), 1, [second!]);

    expect(whileB.map((e) => e.id)).toEqual([second]);
    expect(skipping.map((e) => e.id)).not.toContain(first);
    expect(skipping.map((e) => e.id)).not.toContain(second);
    expect((await store.outbox.pending()).find((e) => e.id === first)?.attempts).toBe(0);
  });

  it.skipIf(engine.engine === 'sqlite')(
    'never hands one row to two replicas taking at the same moment (FOR UPDATE SKIP LOCKED)',
    async () => {
      const a = await engine.open();
      const b = await engine.another(a);
      const ids = await addFive(a.store);
      for (let n = 0; n < 45; n += 1) await addFive(a.store);

      const takes = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? a : b).store.outbox.take(`replica-${i}`, at(10), at(11), 7),
        ),
      );

      const taken = takes.flat().map((e) => e.id);
      expect(new Set(taken).size).toBe(taken.length);
      expect(taken.length).toBeGreaterThan(0);
      expect(Math.min(...taken)).toBe(ids[0]);
    },
  );
});

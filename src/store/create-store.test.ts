import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { storeEngines } from '../../test/support/store/store-engines.js';
import { at, insertRequestAndRun, sampleRequest } from '../../test/support/store/store-samples.js';
import { createStore, type Store } from './create-store.js';

const { describeEachEngine } = await storeEngines();

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('createStore', () => {
  it('opens a SQLite file, migrated, and finds what it wrote after a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-store-'));
    dirs.push(dir);
    const file = path.join(dir, 'nested', 'state.sqlite');
    const first = await createStore(file);
    await insertRequestAndRun(first);
    await first.close();

    const again = await createStore({ engine: 'sqlite', file });
    try {
      expect(again.engine).toBe('sqlite');
      expect((await again.runs.get('run-000000000001'))?.status).toBe('starting');
    } finally {
      await again.close();
    }
  });

  it('opens :memory:', async () => {
    const store = await createStore(':memory:');
    expect(await store.requests.pending()).toEqual([]);
    await store.close();
  });
});

// The approval's claim, as src/recovery does it: the request held, the claim, its decision, its run
// and its cluster lock, together or not at all.
async function approve(store: Store, requestId: string, approver: string, runId: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    const request = await tx.requests.getForUpdate(requestId);
    if (request?.status !== 'pending') return false;
    if (!(await tx.requests.claim(requestId, 'approved', approver, at(2)))) return false;
    await tx.decisions.record({ requestId, actor: approver, decision: 'approve', note: '', at: at(2) });
    await tx.runs.insert({
      id: runId,
      requestId,
      cluster: 'talos-prod',
      channel: 'C0OPS',
      threadTs: null,
      startedAt: at(2),
    });
    const lock = await tx.locks.acquire('talos-prod', runId, approver, at(2));
    if (!lock.acquired) throw new Error('the cluster is locked');
    return true;
  });
}

describeEachEngine('the store’s transactions', (engine) => {
  it('let exactly one of 50 concurrent approvals claim a request, and write its run once', async () => {
    const first = await engine.open({ poolSize: 10 });
    const second = engine.engine === 'postgres' ? await engine.another(first, { poolSize: 10 }) : first;
    await first.store.requests.insert(sampleRequest('r-1'));

    const won = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        approve(i % 2 === 0 ? first.store : second.store, 'r-1', `U0APPROVER${i}`, `run-${i}`),
      ),
    );

    const winner = won.indexOf(true);
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await first.store.requests.get('r-1')).toMatchObject({
      status: 'approved',
      decidedBy: `U0APPROVER${winner}`,
    });
    expect(await first.store.decisions.approvers('r-1')).toEqual([`U0APPROVER${winner}`]);
    expect((await first.store.runs.forRequest('r-1'))?.id).toBe(`run-${winner}`);
    expect((await first.store.locks.all()).map((l) => l.runId)).toEqual([`run-${winner}`]);
  });

  it('roll back everything a failed transaction wrote, and nothing else', async () => {
    const { store } = await engine.open();
    await store.requests.insert(sampleRequest('r-1'));
    await store.locks.acquire('talos-prod', 'run-other', 'U0CAROL', at(1));

    await expect(approve(store, 'r-1', 'U0BOB', 'run-1')).rejects.toThrow('the cluster is locked');

    expect((await store.requests.get('r-1'))?.status).toBe('pending');
    expect(await store.decisions.approvers('r-1')).toEqual([]);
    expect(await store.runs.forRequest('r-1')).toBeUndefined();
    expect((await store.locks.all()).map((l) => l.runId)).toEqual(['run-other']);
  });
});

describeEachEngine('a transaction whose COMMIT fails', (engine) => {
  // SQLite checks deferred foreign keys at COMMIT: a way to make COMMIT itself fail on demand.
  it.skipIf(engine.engine === 'postgres')(
    'is rolled back, and the next transaction starts afresh',
    async () => {
      const { store, db } = await engine.open();
      await sql`PRAGMA defer_foreign_keys = ON`.execute(db);

      await expect(
        store.transaction(async (tx) => {
          await tx.runs.insert({
            id: 'run-orphan',
            requestId: 'r-missing',
            cluster: null,
            channel: 'C0OPS',
            threadTs: null,
            startedAt: at(1),
          });
        }),
      ).rejects.toThrow('FOREIGN KEY constraint failed');

      await store.transaction((tx) => tx.requests.insert(sampleRequest('r-1')));
      expect(await store.runs.get('run-orphan')).toBeUndefined();
      expect((await store.requests.get('r-1'))?.status).toBe('pending');
    },
  );
});

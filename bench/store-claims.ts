// The store's claim on each engine (issue #16): 1,000 claim transactions one after another
// (getForUpdate + claim, as an approval does), and 50 approvals of one request at once from two
// stores (two replicas; on SQLite, one). PostgreSQL is the tests' throwaway server on 127.0.0.1
// (fsync off), skipped when not installed.
// Run: node --import tsx bench/store-claims.ts
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStore, type Store } from '../src/store/create-store.js';
import { startPostgresTestServer } from '../test/support/postgres/start-postgres-test-server.js';
import { bareClaim as claim, pendingRequest as request } from './claim-request.js';
import { printMachine } from './machine-info.js';
import { ms, summarize, table } from './stats.js';

const N = 1_000;
const CONCURRENT = 50;
async function measure(engine: string, open: () => Promise<[Store, Store]>) {
  const [store, replica] = await open();
  try {
    for (let i = 0; i < N; i += 1) await store.requests.insert(request(`r-${i}`));
    const samples: number[] = [];
    const started = performance.now();
    for (let i = 0; i < N; i += 1) {
      const t = performance.now();
      if (!(await claim(store, `r-${i}`, 'U0BOB'))) throw new Error(`r-${i} was not claimed`);
      samples.push(performance.now() - t);
    }
    const perSecond = N / ((performance.now() - started) / 1000);
    await store.requests.insert(request('r-contended'));
    const t = performance.now();
    const won = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) => claim(i % 2 ? replica : store, 'r-contended', `U0N${i}`)),
    );
    const contended = performance.now() - t;
    if (won.filter(Boolean).length !== 1) throw new Error(`${won.filter(Boolean).length} claims won`);
    const s = summarize(samples);
    return [engine, Math.round(perSecond), ms(s.p50), ms(s.p99), ms(contended)];
  } finally {
    await Promise.all([...new Set([store, replica])].map((s) => s.close()));
  }
}

printMachine('store claims');
const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-claims-'));
const rows = [];
try {
  rows.push(
    await measure('SQLite (file, WAL)', async () => {
      const store = await createStore(path.join(dir, 'state.sqlite'));
      return [store, store];
    }),
  );
  const server = await startPostgresTestServer();
  if (server) {
    try {
      rows.push(
        await measure('PostgreSQL (loopback, pool 4 ×2)', async () => {
          const url = await server.createDatabase();
          const target = { engine: 'postgres', url, poolSize: 4 } as const;
          return [await createStore(target), await createStore(target)];
        }),
      );
    } finally {
      await server.stop();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  table(
    [
      'engine',
      'claims/s (one at a time)',
      'p50 ms',
      'p99 ms',
      `${CONCURRENT} concurrent approvals of one request, ms`,
    ],
    rows,
  ),
);

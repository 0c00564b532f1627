import { Worker } from 'node:worker_threads';

export type BlockedRequest = { url: string; body: string; headers: Record<string, string> };
export type BlockedOutcome = { finished: boolean; statuses: number[] };

// Sends the requests one after another from a worker thread while this thread is blocked (as the
// bot's main thread is when a long task runs), until they are all answered or `maxBlockMs` passes.
// Only a server that answers from another thread can answer them before then.
const CLIENT = `
const { workerData } = require('node:worker_threads');
const { shared, requests } = workerData;
const state = new Int32Array(shared);
Atomics.wait(state, 0, 0);
(async () => {
  for (const [i, r] of requests.entries()) {
    const response = await fetch(r.url, { method: 'POST', body: r.body, headers: r.headers });
    await response.arrayBuffer();
    state[2 + i] = response.status;
  }
  Atomics.store(state, 1, 1);
  Atomics.notify(state, 1);
})();
`;

export async function whileMainBlocked(
  requests: readonly BlockedRequest[],
  maxBlockMs: number,
): Promise<BlockedOutcome> {
  // [0] go, [1] done, [2…] one status per request
  const shared = new SharedArrayBuffer(4 * (2 + requests.length));
  const state = new Int32Array(shared);
  const client = new Worker(CLIENT, { eval: true, workerData: { shared, requests } });
  await new Promise<void>((resolve, reject) => {
    client.once('online', resolve);
    client.once('error', reject);
  });
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
  const finished = Atomics.wait(state, 1, 0, maxBlockMs) !== 'timed-out';
  await client.terminate();
  return { finished, statuses: [...state.slice(2)] };
}

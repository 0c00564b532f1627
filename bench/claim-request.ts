// What the claim benchmarks insert and claim: a pending removal request (one approval needed) and
// the bare claim, the conditional update alone in its transaction (store-claims.ts; the floor of
// claim-throughput.ts).
import type { Store } from '../src/store/create-store.js';
import type { NewRequest } from '../src/store/request-store.js';
import { sampleRequest } from '../test/support/store/store-samples.js';

export const DECIDED_AT = '2026-08-22T09:01:00.000Z';

// `cluster`: the lock the approval takes; distinct requests on distinct clusters never wait on it.
// The store tests' sample request (made at 09:00, expiring at 09:15).
export const pendingRequest = (id: string, cluster = 'talos-prod'): NewRequest => {
  const request = sampleRequest(id, { cluster });
  return { ...request, plan: { ...request.plan, cluster } };
};

export const bareClaim = (store: Store, id: string, actor: string) =>
  store.transaction(async (tx) => {
    if ((await tx.requests.getForUpdate(id))?.status !== 'pending') return false;
    return tx.requests.claim(id, 'approved', actor, DECIDED_AT);
  });

// What the claim benchmarks insert and claim: a pending removal request (one approval needed) and
// the bare claim, the conditional update alone in its transaction (store-claims.ts; the floor of
// claim-throughput.ts).
import type { Store } from '../src/store/create-store.js';
import type { NewRequest } from '../src/store/request-store.js';

export const REQUESTED_AT = '2026-08-22T09:00:00.000Z';
export const DECIDED_AT = '2026-08-22T09:01:00.000Z';

// `cluster`: the lock the approval takes; distinct requests on distinct clusters never wait on it.
export const pendingRequest = (id: string, cluster = 'talos-prod'): NewRequest => ({
  id,
  procedure: 'remove-stuck-machines',
  params: {},
  plan: {
    procedure: 'remove-stuck-machines',
    title: 'Remove',
    cluster,
    targets: [],
    steps: [],
    risks: [],
    approvalsNeeded: 1,
    fingerprint: 'f',
  },
  planFingerprint: 'f',
  cluster,
  requester: 'U0ALICE',
  reason: '',
  channel: 'C0OPS',
  approvalsNeeded: 1,
  dryRun: false,
  createdAt: REQUESTED_AT,
  expiresAt: '2026-08-22T09:15:00.000Z',
});

export const bareClaim = (store: Store, id: string, actor: string) =>
  store.transaction(async (tx) => {
    if ((await tx.requests.getForUpdate(id))?.status !== 'pending') return false;
    return tx.requests.claim(id, 'approved', actor, DECIDED_AT);
  });

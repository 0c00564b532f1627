import type { Store } from '../../../src/store/create-store.js';
import type { NewRequest } from '../../../src/store/request-store.js';

// Records the store's contract tests write: a request and its run, at a minute of one morning.
export const at = (minute: number) => `2026-08-22T09:${String(minute).padStart(2, '0')}:00.000Z`;

export function sampleRequest(id: string, change: Partial<NewRequest> = {}): NewRequest {
  return {
    id,
    procedure: 'remove-stuck-machines',
    params: {},
    plan: {
      procedure: 'remove-stuck-machines',
      title: 'Remove',
      cluster: 'talos-prod',
      targets: [],
      steps: [],
      risks: [],
      approvalsNeeded: 1,
      fingerprint: 'f',
    },
    planFingerprint: 'f',
    cluster: 'talos-prod',
    requester: 'U0ALICE',
    reason: '',
    channel: 'C0OPS',
    approvalsNeeded: 1,
    dryRun: false,
    createdAt: at(0),
    expiresAt: at(15),
    ...change,
  };
}

/** A pending request `r-…<n>` and its run `run-…<n>`, starting at minute 1 (owned by `owner` if given). */
export async function insertRequestAndRun(
  store: Store,
  n = 1,
  options: { owner?: string; request?: Partial<NewRequest> } = {},
): Promise<{ requestId: string; runId: string }> {
  const suffix = String(n).padStart(12, '0');
  const requestId = `r-${suffix}`;
  const runId = `run-${suffix}`;
  await store.requests.insert(sampleRequest(requestId, options.request));
  await store.runs.insert({
    id: runId,
    requestId,
    cluster: 'talos-prod',
    channel: 'C0OPS',
    threadTs: null,
    startedAt: at(1),
    ...(options.owner === undefined ? {} : { owner: options.owner }),
  });
  return { requestId, runId };
}

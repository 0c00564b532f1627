// The replica tests' common ground: replicas on PostgreSQL with a store of the test's own, and the
// removal they drive, requested through one replica, its forced delete left hanging (the fake's
// fault) so a run is in progress when something happens to a replica.
import { afterAll, beforeAll } from 'vitest';
import { createStore, type Store } from '../../src/store/create-store.js';
import type { StoredMessage } from '../fakes/slack/fake-slack-types.js';
import { requestIdOf, storedMessage, W3 } from './approval-flow.js';
import {
  type Replica,
  type ReplicaHarness,
  type ReplicaHarnessOptions,
  startReplicas,
} from './replica-harness.js';
import { waitUntil } from './wait-until.js';

// Replicas on one PostgreSQL database for the describe block this is called in, and a store of the
// test's own on that database (to read runs, steps and audit rows); both filled in by beforeAll.
export function replicasOnPostgres(options: Omit<ReplicaHarnessOptions, 'database'>) {
  const on = {} as { h: ReplicaHarness; store: Store };
  beforeAll(async () => {
    on.h = await startReplicas({ ...options, database: 'postgres' });
    on.store = await createStore({ engine: 'postgres', url: on.h.databaseUrl!, poolSize: 2 });
  }, 90_000);
  afterAll(async () => {
    await on.store?.close();
    await on.h?.stop();
  });
  return on;
}

// `/omni delete-clustermachine` for w3 through `replica`; resolves to the approval card it posted.
export async function requestRemovalThrough(h: ReplicaHarness, replica: Replica): Promise<StoredMessage> {
  const from = h.slack.calls.length;
  await h.command(`delete-clustermachine ${W3} VM deleted in Proxmox`, { via: replica });
  const call = await h.slack.waitFor(
    (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
    { from, timeoutMs: 30_000 },
  );
  return storedMessage(h.slack, call);
}

// Resolves to the run's id once its second step (the forced delete) is running.
export async function forcedDeleteRunning(store: Store, card: StoredMessage, on: string): Promise<string> {
  return waitUntil(
    `the forced delete to start on ${on}`,
    async () => {
      const run = await store.runs.forRequest(requestIdOf(card));
      const steps = run ? await store.runs.steps(run.id) : [];
      return steps.some((s) => s.idx === 1 && s.status === 'running') ? run!.id : undefined;
    },
    30_000,
  );
}

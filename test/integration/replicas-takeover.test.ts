// Issue #16's acceptance: kill -9 of the replica running a slow removal; the other replica takes
// the run over within 60 s (RUN_TAKEOVER_AFTER=10s), tells the run's thread, frees the cluster
// lock, and nothing runs twice. Two bot processes on one PostgreSQL, Socket Mode.
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { mutatingCalls, requestIdOf, W3 } from '../support/approval-flow.js';
import { USERS } from '../support/bot-harness.js';
import { killProcessesWithEnv } from '../support/bot-process.js';
import { skipWithoutPostgres } from '../support/postgres/find-postgres.js';
import type { Replica } from '../support/replica-harness.js';
import {
  forcedDeleteRunning,
  replicasOnPostgres,
  requestRemovalThrough,
} from '../support/replica-removal.js';

const noPostgres = skipWithoutPostgres('the replica takeover test');

describe.skipIf(noPostgres)('a replica killed during a run, on PostgreSQL', () => {
  const on = replicasOnPostgres({ env: { RUN_TAKEOVER_AFTER: '10s' } });

  it('is taken over by the other replica within 60 s: the interrupted notice in its thread, the cluster lock free, nothing run twice', async () => {
    const { h, store } = on;
    const [a, b] = h.replicas as [Replica, Replica];
    // The removal's second step (the forced delete) hangs: a slow step in progress when A dies.
    await h.omni.injectFault({ match: ['cluster', 'machine', 'delete'], hang: true });
    const running = await requestRemovalThrough(h, a);
    const pending = await requestRemovalThrough(h, a);

    const approval = await h.click(running, ACTION.approve, { userId: USERS.bob, via: a });
    expect(approval.replica?.id).toBe('replica-a');
    const runId = await forcedDeleteRunning(store, running, 'replica-a');
    expect(await store.runs.get(runId)).toMatchObject({ status: 'running', owner: 'replica-a' });

    await a.kill();
    const killedAt = Date.now();
    // The killed replica's omnictl is gone with its host; the fleet no longer hangs.
    killProcessesWithEnv(h.omni.statePath);
    await h.omni.update((state) => {
      state.faults = [];
      return state;
    });

    const notice = await h.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === running.ts &&
        String(c.params.text).includes('was interrupted'),
      { timeoutMs: 60_000 },
    );

    expect(Date.now() - killedAt).toBeLessThan(60_000);
    expect(String(notice.params.text)).toMatch(
      new RegExp(`^:warning: Run ${runId} was interrupted: replica replica-a stopped answering at \\d{4}-`),
    );
    const blocks = JSON.stringify(notice.params.blocks);
    expect(blocks).toContain('interrupted; it may or may not have taken effect');
    expect(blocks).toContain('"action_id":"run.resume"');
    expect(await store.runs.get(runId)).toMatchObject({ status: 'interrupted' });
    expect((await store.requests.get(requestIdOf(running)))?.status).toBe('interrupted');
    expect(await store.locks.all()).toEqual([]);
    expect((await store.audit.all()).filter((e) => e.action === 'run.taken-over')).toMatchObject([
      { runId, detail: { deadReplica: 'replica-a', by: 'replica-b' } },
    ]);
    expect(b.logs().some((l) => l.msg === 'took over the run of a replica that stopped heartbeating')).toBe(
      true,
    );
    // Nothing ran twice: the first step once, the forced delete at most once (killed with A).
    const before = mutatingCalls(await h.omni.readLog());
    expect(before.filter((c) => c === `delete clustermachines ${W3}`)).toHaveLength(1);
    expect(before).toEqual([...new Set(before)]);

    // The cluster lock is free: another request on talos-prod runs, through the survivor.
    await h.click(pending, ACTION.approve, { userId: USERS.bob, via: b });
    const summary = await h.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === pending.ts &&
        /Succeeded|Failed|Cancelled/.test(String(c.params.text)),
      { timeoutMs: 60_000 },
    );
    expect(String(summary.params.text)).toContain('Succeeded');
  }, 180_000);
});

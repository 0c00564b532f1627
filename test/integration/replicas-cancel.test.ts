// Issue #16's acceptance: Cancel clicked through the connection of the replica that is NOT running
// the step stops it: the run ends cancelled and its summary says so. Two bot processes on one
// PostgreSQL, Socket Mode.
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { isOmnictlRunning } from '../faults/omnictl-processes.js';
import { requestIdOf, storedMessage, W3 } from '../support/approval-flow.js';
import { USERS } from '../support/bot-harness.js';
import { skipWithoutPostgres } from '../support/postgres/find-postgres.js';
import type { Replica } from '../support/replica-harness.js';
import { replicasOnPostgres, requestRemovalThrough } from '../support/replica-removal.js';
import { waitUntil } from '../support/wait-until.js';

const noPostgres = skipWithoutPostgres('the replica cancel test');

describe.skipIf(noPostgres)('Cancel on the other replica, on PostgreSQL', () => {
  const on = replicasOnPostgres({ env: { RUN_TAKEOVER_AFTER: '10s' } });

  it('stops the step running on replica-a when Cancel reaches replica-b: the run ends cancelled and its summary says so', async () => {
    const { h, store } = on;
    const [a, b] = h.replicas as [Replica, Replica];
    const forced = ['cluster', 'machine', 'delete', W3];
    await h.omni.injectFault({ match: ['cluster', 'machine', 'delete'], hang: true });
    const card = await requestRemovalThrough(h, a);
    await h.click(card, ACTION.approve, { userId: USERS.bob, via: a });
    const status = await h.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === card.ts &&
        String(c.params.text).startsWith('Run `run-'),
      { timeoutMs: 30_000 },
    );
    await waitUntil('the forced delete to hang on replica-a', () =>
      isOmnictlRunning(forced, h.omni.statePath) ? true : undefined,
    );
    const runId = (await store.runs.forRequest(requestIdOf(card)))!.id;
    expect(await store.runs.get(runId)).toMatchObject({ status: 'running', owner: 'replica-a' });

    const answers = h.slack.responses.length;
    const click = await h.click(storedMessage(h.slack, status), ACTION.cancelRun, {
      userId: USERS.bob,
      via: b,
    });
    expect(click.replica?.id).toBe('replica-b');
    const answer = await h.slack.waitForResponse(undefined, { from: answers, timeoutMs: 10_000 });
    expect(JSON.stringify(answer.body)).toContain(
      'Cancelling: the run is on replica replica-a; it stops at its next heartbeat (within 2 s).',
    );

    const summary = await h.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === card.ts &&
        /Succeeded|Failed|Cancelled/.test(String(c.params.text)),
      { timeoutMs: 30_000 },
    );

    expect(String(summary.params.text)).toMatch(/Cancelled/);
    expect(String(summary.params.text)).toContain('was cancelled');
    expect(await store.runs.get(runId)).toMatchObject({
      status: 'cancelled',
      cancelRequested: { by: USERS.bob },
    });
    expect((await store.requests.get(requestIdOf(card)))?.status).toBe('cancelled');
    expect(await store.locks.all()).toEqual([]);
    expect(
      (await store.audit.forRequest(requestIdOf(card))).filter((e) => e.action === 'run.cancel'),
    ).toMatchObject([{ actor: USERS.bob, detail: { replica: 'replica-a' } }]);
    // The step itself was stopped on replica-a, which wrote the end of its own run.
    expect(isOmnictlRunning(forced, h.omni.statePath)).toBe(false);
    expect(a.logs().some((l) => l.msg === 'cancel asked from another replica')).toBe(true);
    expect(a.logs().some((l) => l.msg === 'run finished')).toBe(true);
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import { createRecordingOmnictl } from '../../test/support/recording-omnictl.js';
import { BOB, insertRequest, omnictlPlan, useCaseDeps } from '../../test/support/use-case-deps.js';
import { approveRequest } from './approve-request.js';
import { heartbeatEveryMs, holdRunLease } from './run-lease.js';

const threeSteps = omnictlPlan([
  ['delete', 'clustermachine', 'm-w1'],
  ['delete', 'link', 'm-w1'],
  ['get', 'machines', 'm-w1'],
]);

// What another replica's takeover writes (take-over-runs.ts): the run and its running step
// interrupted, the request interrupted, the lock released.
async function takenOverElsewhere(deps: Awaited<ReturnType<typeof useCaseDeps>>, runId: string) {
  const at = deps.clock().toISOString();
  const run = (await deps.store.runs.get(runId))!;
  expect(await deps.store.runs.finish(runId, 'interrupted', at, 'taken over by replica-b')).toBe(true);
  await deps.store.runs.interruptSteps(runId, at);
  await deps.store.requests.transition(run.requestId, 'running', 'interrupted', 'taken over');
  await deps.store.locks.releaseRun(runId);
}

describe('run lease', () => {
  it('heartbeats every max(1 s, RUN_TAKEOVER_AFTER / 6)', () => {
    expect(heartbeatEveryMs(30_000)).toBe(5_000);
    expect(heartbeatEveryMs(60_000)).toBe(10_000);
    expect(heartbeatEveryMs(3_000)).toBe(1_000);
  });

  it('heartbeats a run while it is in flight on its replica, and stops when it ends', async () => {
    const omnictl = createRecordingOmnictl((args) => (args[1] === 'link' ? { hang: true } : undefined));
    const deps = await useCaseDeps({ omnictl, takeoverAfterMs: 12_000 });
    const id = await insertRequest(deps, threeSteps);

    await approveRequest(deps, id, BOB);
    await waitFor(() => omnictl.calls.length === 2);
    const run = (await deps.store.runs.forRequest(id))!;
    expect(run).toMatchObject({ status: 'running', owner: 'replica-a' });
    const before = run.heartbeatAt;
    deps.advance(2_000);
    await deps.timers.fire();
    await waitFor(() => deps.timers.pending() === 1);

    expect((await deps.store.runs.get(run.id))?.heartbeatAt).toBe(deps.clock().toISOString());
    expect((await deps.store.runs.get(run.id))?.heartbeatAt).not.toBe(before);
    expect(deps.timers.pending()).toBe(1);
    expect(deps.timers.delays()).toEqual([2_000]);
    // Cancelled here: the run ends, and its lease with it.
    for (const controller of deps.active.values()) controller.abort();
    await deps.settled();
    expect(deps.timers.pending()).toBe(0);
  });

  it('aborts a run another replica took over at the next heartbeat: no further step, nothing written over the takeover, an error logged', async () => {
    let stepStarted = false;
    const omnictl = createRecordingOmnictl((args) =>
      args[1] === 'link' ? { hang: true, onStart: () => (stepStarted = true) } : undefined,
    );
    const deps = await useCaseDeps({ omnictl });
    const id = await insertRequest(deps, threeSteps);
    await approveRequest(deps, id, BOB);
    await waitFor(() => stepStarted);
    const runId = (await deps.store.runs.forRequest(id))!.id;
    const auditBefore = (await deps.store.audit.all()).map((e) => e.action);
    const noticesBefore = deps.notifier.names().length;

    await takenOverElsewhere(deps, runId);
    deps.advance(5_000);
    await deps.timers.fire();
    await deps.settled();

    expect(omnictl.calls).toEqual([
      ['delete', 'clustermachine', 'm-w1'],
      ['delete', 'link', 'm-w1'],
    ]);
    expect(await deps.store.runs.get(runId)).toMatchObject({
      status: 'interrupted',
      summary: 'taken over by replica-b',
    });
    expect((await deps.store.runs.steps(runId)).map((s) => s.status)).toEqual(['ok', 'interrupted']);
    expect((await deps.store.requests.get(id))?.status).toBe('interrupted');
    expect((await deps.store.audit.all()).map((e) => e.action)).toEqual(auditBefore);
    expect(deps.notifier.names().slice(noticesBefore)).not.toContain('runFinished');
    expect(deps.decisions).not.toContain('remove-stuck-machines run interrupted');
    expect(deps.active.size).toBe(0);
    expect(deps.logText()).toMatch(/"level":50,.*another replica took this run over/);
  });

  it('starts no further step once the run was taken over between two steps (the heartbeat before each step fences it)', async () => {
    const deps = await useCaseDeps();
    // Another replica takes the run over right after its first step ended (written) and before
    // the second starts.
    const endStep = deps.store.runs.endStep;
    deps.store = {
      ...deps.store,
      runs: {
        ...deps.store.runs,
        endStep: async (step) => {
          await endStep(step);
          await takenOverElsewhere(deps, step.runId);
        },
      },
    };
    const id = await insertRequest(deps, threeSteps);
    await approveRequest(deps, id, BOB);
    await deps.settled();
    const runId = (await deps.store.runs.forRequest(id))!.id;

    expect(deps.omnictl.calls).toEqual([['delete', 'clustermachine', 'm-w1']]);
    expect((await deps.store.runs.steps(runId)).map((s) => s.status)).toEqual(['ok']);
    expect((await deps.store.runs.get(runId))?.status).toBe('interrupted');
    expect(deps.notifier.names()).not.toContain('runFinished');
  });

  it('keeps the lease of a run whose heartbeat the database did not answer, and tries again', async () => {
    const deps = await useCaseDeps();
    const id = await insertRequest(deps, threeSteps);
    const runId = 'run-0000000000a1';
    await deps.store.runs.insert({
      id: runId,
      requestId: id,
      cluster: 'talos-prod',
      channel: 'C0OPS',
      threadTs: null,
      startedAt: deps.clock().toISOString(),
      owner: 'replica-a',
    });
    let lost = false;
    const failing = {
      ...deps,
      store: {
        ...deps.store,
        runs: {
          ...deps.store.runs,
          heartbeat: async () => {
            throw new Error('connection reset');
          },
        },
      },
    };
    const lease = holdRunLease(failing, runId, { lost: () => (lost = true) });

    expect(await lease.beat()).toBe('owned');
    await deps.timers.fire();
    expect(lost).toBe(false);
    expect(deps.timers.pending()).toBe(1);
    expect(deps.logText()).toContain('could not renew the run lease');
    lease.stop();
    expect(deps.timers.pending()).toBe(0);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never held');
}

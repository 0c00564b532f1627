import { describe, expect, it } from 'vitest';
import { createRecordingOmnictl } from '../../test/support/recording-omnictl.js';
import { createRecordingRemote } from '../../test/support/recording-remote.js';
import {
  BOB,
  insertRequest,
  keyRotationPlan,
  omnictlPlan,
  type UseCaseDeps,
  useCaseDeps,
} from '../../test/support/use-case-deps.js';
import type { Plan } from '../procedures/shared/plan.js';
import { executeRun } from './execute-run.js';

const SECRET = 'eyJwYXN0ZWQiOiJzZWNyZXQta2V5LXZhbHVlIn0=';

// What the approval's claim leaves behind (approve-request.ts): the request approved, its lock
// taken and its run `starting`.
async function claimed(deps: UseCaseDeps, plan: Plan) {
  const id = await insertRequest(deps, plan);
  const runId = 'run-000000000001';
  const at = deps.clock().toISOString();
  await deps.store.requests.claim(id, 'approved', BOB.userId, at);
  await deps.store.locks.acquire(plan.cluster ?? 'provider:proxmox', runId, BOB.userId, at);
  await deps.store.runs.insert({
    id: runId,
    requestId: id,
    cluster: plan.cluster,
    channel: 'C0OPS',
    threadTs: '1767000000.000100',
    startedAt: at,
  });
  return { request: (await deps.store.requests.get(id))!, runId };
}

const threeSteps = omnictlPlan([
  ['delete', 'clustermachine', 'm-w1'],
  ['delete', 'link', 'm-w1'],
  ['get', 'machines', 'm-w1'],
]);

const rotation = keyRotationPlan();

describe('executeRun', () => {
  it('runs the steps in order, once each, writing each step and telling the thread', async () => {
    const deps = await useCaseDeps();
    const { request, runId } = await claimed(deps, threeSteps);

    const result = await executeRun(deps, request, threeSteps, runId);

    expect(result.status).toBe('succeeded');
    expect(deps.omnictl.calls).toEqual([
      ['delete', 'clustermachine', 'm-w1'],
      ['delete', 'link', 'm-w1'],
      ['get', 'machines', 'm-w1'],
    ]);
    expect((await deps.store.runs.steps(runId)).map((s) => [s.idx, s.command, s.status])).toEqual([
      [0, 'omnictl delete clustermachine m-w1', 'ok'],
      [1, 'omnictl delete link m-w1', 'ok'],
      [2, 'omnictl get machines m-w1', 'ok'],
    ]);
    expect(await deps.store.runs.get(runId)).toMatchObject({
      status: 'succeeded',
      statusTs: '1767000000.000900',
    });
    expect((await deps.store.requests.get(request.id))?.status).toBe('succeeded');
    expect(await deps.store.locks.all()).toEqual([]);
    expect(deps.notifier.notices.map((n) => n.steps ?? n.notice)).toEqual([
      'runStarted',
      'running pending pending',
      'ok pending pending',
      'ok running pending',
      'ok ok pending',
      'ok ok running',
      'ok ok ok',
      'runFinished',
    ]);
    expect(deps.notifier.notices.at(-1)).toMatchObject({
      status: 'succeeded',
      result: { status: 'succeeded' },
    });
    expect(deps.active.size).toBe(0);
  });

  it('stops at a failing step, runs no later one, and undoes what the steps before changed', async () => {
    const remote = createRecordingRemote(
      { '/srv/provider/.env': 'OMNI_SERVICE_ACCOUNT_KEY=old-key\n' },
      (argv) =>
        argv.includes('up')
          ? { exitCode: 1, failure: { kind: 'exit', message: 'docker compose exited with 1.', detail: '' } }
          : undefined,
    );
    const deps = await useCaseDeps({ remote });
    const { request, runId } = await claimed(deps, rotation);

    const result = await executeRun(deps, request, rotation, runId, SECRET);

    expect(result.status).toBe('failed');
    expect(result.verdict).toMatch(
      /^Step 2 \(Recreate the provider container\) failed: docker compose exited with 1\. Rolled back: \/srv\/provider\/\.env restored from /,
    );
    expect(remote.files.get('/srv/provider/.env')).toBe('OMNI_SERVICE_ACCOUNT_KEY=old-key\n');
    expect(remote.calls.map((c) => c.call)).toEqual([
      'createFile',
      'writeFileAtomic',
      'exec',
      'restoreBackup',
    ]);
    expect(deps.omnictl.calls).toEqual([]);
    expect((await deps.store.runs.steps(runId)).map((s) => s.status)).toEqual(['ok', 'failed']);
    expect(await deps.store.requests.get(request.id)).toMatchObject({
      status: 'failed',
      outcome: result.verdict,
    });
    expect(await deps.store.locks.all()).toEqual([]);
    expect(deps.notifier.notices.at(-1)).toMatchObject({ notice: 'runFinished', status: 'failed' });
  });

  it('keeps the pasted secret off every command, row, notice and log of the run', async () => {
    const remote = createRecordingRemote({ '/srv/provider/.env': 'OMNI_SERVICE_ACCOUNT_KEY=old-key\n' });
    const deps = await useCaseDeps({ remote });
    const { request, runId } = await claimed(deps, rotation);

    const result = await executeRun(deps, request, rotation, runId, SECRET);

    expect(result.status).toBe('succeeded');
    // It reaches the host's files, where it belongs, and nowhere else.
    expect(remote.files.get('/srv/provider/.env')).toBe(`OMNI_SERVICE_ACCOUNT_KEY=${SECRET}\n`);
    const seen = JSON.stringify({
      omnictl: deps.omnictl.calls,
      remote: remote.calls,
      steps: await deps.store.runs.steps(runId),
      run: await deps.store.runs.get(runId),
      request: await deps.store.requests.get(request.id),
      audit: await deps.store.audit.all(),
      notices: deps.notifier.notices,
      result,
      log: deps.logText(),
    });
    expect(seen).not.toContain(SECRET);
    expect(seen).toContain('obtained the pasted key');
    expect(deps.logText()).toContain('run finished');
  });

  it('stops at Cancel: the step in flight is stopped and no later step starts', async () => {
    let deps: UseCaseDeps | undefined;
    const omnictl = createRecordingOmnictl((args) =>
      args[1] === 'link'
        ? { hang: true, onStart: () => deps?.active.get('run-000000000001')?.abort() }
        : undefined,
    );
    deps = await useCaseDeps({ omnictl });
    const { request, runId } = await claimed(deps, threeSteps);

    const result = await executeRun(deps, request, threeSteps, runId);

    expect(result.status).toBe('cancelled');
    expect(result.verdict).toMatch(/^Step 2 \(omnictl delete\) was cancelled: /);
    expect(omnictl.calls).toEqual([
      ['delete', 'clustermachine', 'm-w1'],
      ['delete', 'link', 'm-w1'],
    ]);
    expect((await deps.store.requests.get(request.id))?.status).toBe('cancelled');
    expect((await deps.store.runs.steps(runId)).map((s) => s.status)).toEqual(['ok', 'failed']);
    expect(await deps.store.locks.all()).toEqual([]);
  });

  it('drains when the bot stops: the current step finishes and no other starts', async () => {
    const drain = new AbortController();
    const omnictl = createRecordingOmnictl((args) =>
      args[1] === 'clustermachine' ? { onStart: () => drain.abort() } : undefined,
    );
    const deps = await useCaseDeps({ omnictl, drain: drain.signal });
    const { request, runId } = await claimed(deps, threeSteps);

    const result = await executeRun(deps, request, threeSteps, runId);

    expect(result).toMatchObject({
      status: 'interrupted',
      verdict:
        'The bot stopped (shutdown) before step 2: omnictl delete. The steps before it completed; nothing after it ran.',
    });
    expect(omnictl.calls).toEqual([['delete', 'clustermachine', 'm-w1']]);
    expect((await deps.store.runs.steps(runId)).map((s) => s.status)).toEqual(['ok']);
    expect((await deps.store.requests.get(request.id))?.status).toBe('interrupted');
    expect(deps.decisions).toEqual(['remove-stuck-machines run interrupted']);
  });

  it('refuses to start a run that is no longer starting, running nothing', async () => {
    const deps = await useCaseDeps();
    const { request, runId } = await claimed(deps, threeSteps);
    await deps.store.runs.closeUnstarted(runId, 'interrupted', deps.clock().toISOString(), 'stopped');

    await expect(executeRun(deps, request, threeSteps, runId)).rejects.toThrow(
      'run run-000000000001 is no longer starting',
    );
    expect(deps.omnictl.calls).toEqual([]);
    expect(deps.notifier.notices).toEqual([]);
  });
});

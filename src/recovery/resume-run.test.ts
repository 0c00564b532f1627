import { describe, expect, it } from 'vitest';
import { createRecordingOmnictl } from '../../test/support/recording-omnictl.js';
import {
  BOB,
  CAROL,
  insertRequest,
  omnictlPlan,
  type UseCaseDeps,
  useCaseDeps,
} from '../../test/support/use-case-deps.js';
import { interruptRun, startRun } from './request-lifecycle.js';
import { resumeRun } from './resume-run.js';

const removal = omnictlPlan([['delete', 'clustermachine', 'm-w1']]);

// A run of `removal` the bot stopped during (as start-up leaves it): interrupted, its lock released.
async function interrupted(deps: UseCaseDeps): Promise<string> {
  const id = await insertRequest(deps, removal);
  const runId = 'run-000000000001';
  const at = deps.clock().toISOString();
  await deps.store.requests.claim(id, 'approved', BOB.userId, at);
  await deps.store.runs.insert({
    id: runId,
    requestId: id,
    cluster: removal.cluster,
    channel: 'C0OPS',
    threadTs: '1767000000.000100',
    startedAt: at,
  });
  await startRun(deps, (await deps.store.requests.get(id))!, runId, at);
  await interruptRun(deps, (await deps.store.runs.get(runId))!, 'The bot stopped during this run.');
  return runId;
}

describe('resumeRun', () => {
  it('resumes an interrupted run once of many concurrent clicks; the others are told who resumed it', async () => {
    // Omni still lists the machine, so the step runs again; nothing else is read.
    const omnictl = { ...createRecordingOmnictl(), get: async () => [] };
    const deps = await useCaseDeps({ omnictl });
    const runId = await interrupted(deps);

    const outcomes = await Promise.all(
      [BOB, CAROL, BOB, CAROL].map((approver) => resumeRun(deps, runId, approver)),
    );
    await deps.settled();

    const resumed = outcomes.filter((o) => o.ok);
    expect(resumed).toHaveLength(1);
    const by = resumed[0]?.ok ? (await deps.store.requests.get(resumed[0].value.requestId))?.decidedBy : '';
    expect(outcomes.filter((o) => !o.ok)).toEqual(
      Array(3).fill({
        ok: false,
        problem: {
          kind: 'already-decided',
          message: `This run was already resumed by <@${by}>.`,
          mentions: [by],
        },
      }),
    );
    expect(omnictl.calls).toEqual([['delete', 'clustermachine', 'm-w1']]);
    expect((await deps.store.audit.all()).filter((e) => e.action === 'run.resume')).toHaveLength(1);
    expect(await deps.store.locks.all()).toEqual([]);
  });
});

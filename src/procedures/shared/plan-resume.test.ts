import { describe, expect, it } from 'vitest';
import type { Plan, Step } from './plan.js';
import { planResume } from './plan-resume.js';

const M = '11111111-1111-4111-8111-111111111111';
const step = (title: string, args: string[], mutating: boolean): Step => ({
  kind: 'omnictl',
  title,
  args,
  timeoutMs: 1,
  mutating,
});
const plan: Plan = {
  procedure: 'recover-cluster',
  title: 'Recover',
  cluster: 'c1',
  targets: [],
  steps: [
    step('Validate', ['cluster', 'template', 'validate', '-f', 't.yaml'], false),
    {
      ...step('Delete', ['cluster', 'template', 'delete', '-f', 't.yaml'], true),
      cancelLeaves: 'c1 is deleted',
    } as Step,
    { kind: 'wait-cluster-gone', title: 'Wait', cluster: 'c1', timeoutMs: 1, pollMs: 1 },
    step('Sync', ['cluster', 'template', 'sync', '-f', 't.yaml'], true),
  ],
  risks: [],
  approvalsNeeded: 2,
  fingerprint: 'f',
};
const omni = (clusters: string[], machines: string[] = []) => ({
  clusters: new Set(clusters),
  machines: new Set(machines),
});

describe('planResume', () => {
  it('offers the steps from the first not finished, numbered as in the approved plan, after the delete', () => {
    const result = planResume({ plan, progress: ['ok', 'ok', 'interrupted', 'pending'], omni: omni([]) });

    if (result.refused) throw new Error(result.reason);
    expect(result.resume.plan.steps.map((s) => s.title)).toEqual(['Wait', 'Sync']);
    expect(result.resume.plan.resumed).toEqual({ at: 2, cancelLeaves: 'c1 is deleted' });
    expect(result.resume.afterDestructive).toBe(true);
    expect([...result.resume.alreadyDone]).toEqual([]);
  });

  it('marks an interrupted delete done when Omni has no such cluster any more', () => {
    const result = planResume({ plan, progress: ['ok', 'interrupted'], omni: omni(['other']) });

    if (result.refused) throw new Error(result.reason);
    expect([...result.resume.alreadyDone]).toEqual([[0, 'Already done: Omni has no cluster c1 any more.']]);
  });

  it('runs the interrupted delete again while Omni still has the cluster', () => {
    const result = planResume({ plan, progress: ['ok', 'interrupted'], omni: omni(['c1']) });

    if (result.refused) throw new Error(result.reason);
    expect(result.resume.alreadyDone.size).toBe(0);
  });

  it('marks a machine removal done when Omni no longer lists the machine', () => {
    const removal: Plan = {
      ...plan,
      steps: [
        step('Delete CM', ['delete', 'clustermachines', M], true),
        {
          ...step('Link', ['cluster', 'machine', 'delete', M, '--force', '-y'], true),
          onlyIfPreviousRefused: true,
        } as Step,
      ],
    };
    const result = planResume({
      plan: removal,
      progress: ['refused-expected', 'interrupted'],
      omni: omni([], []),
    });

    if (result.refused) throw new Error(result.reason);
    expect(result.resume.plan.steps[0]).toMatchObject({ title: 'Link', onlyIfPreviousRefused: false });
    expect([...result.resume.alreadyDone]).toEqual([[0, `Already done: Omni no longer lists machine ${M}.`]]);
  });

  it('refuses when every step finished, and a plan whose pasted key is not kept', () => {
    expect(planResume({ plan, progress: ['ok', 'ok', 'ok', 'ok'], omni: omni([]) })).toMatchObject({
      refused: true,
      reason: expect.stringContaining('nothing to resume'),
    });
    expect(
      planResume({ plan: { ...plan, needsSecret: true }, progress: ['ok'], omni: omni([]) }),
    ).toMatchObject({ refused: true, reason: expect.stringContaining('request it again') });
  });
});

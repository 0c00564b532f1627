import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Omnictl } from '../../omni/run-omnictl.js';
import type { WaitGoneStep } from '../../procedures/shared/plan.js';
import type { StepContext } from '../run-plan.js';
import { waitGoneStep } from './wait-gone-step.js';

const W3 = 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82';
const step: WaitGoneStep = {
  kind: 'wait-gone',
  title: 'Wait until gone',
  machineIds: [W3],
  timeoutMs: 60_000,
  pollMs: 5_000,
};

// Omni answers "still present" on the first poll, "gone" after; each poll's answer comes
// `answerMs` (of the injected clock) after it was asked, as when it waited for a free slot.
function context(answersMs: number[]) {
  let now = Date.parse('2026-08-22T09:30:00Z');
  let polls = 0;
  const omnictl = {
    get: async (kind: { type: string }) => {
      if (kind.type === 'clustermachines') {
        now += answersMs[polls] ?? 0;
        polls += 1;
      }
      return polls === 1 ? [{ metadata: { id: W3 } }] : [];
    },
  } as unknown as Omnictl;
  const ctx = {
    omnictl,
    clock: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms;
    },
    logger: pino({ level: 'silent' }),
    dryRun: false,
    idx: 2,
    signal: new AbortController().signal,
    previous: undefined,
    previousStartedAt: undefined,
    emit: () => {},
    onRollback: () => {},
  } satisfies StepContext;
  return ctx;
}

describe('waitGoneStep', () => {
  it("counts its deadline from Omni's first answer, not from the wait for a slot before it", async () => {
    // The first read waited 70 s for omnictl (longer than the step's 60 s): the machine still goes.
    const outcome = await waitGoneStep(step, context([70_000, 0]));

    expect(outcome).toMatchObject({ status: 'ok', note: 'Gone after 2 checks.' });
  });

  it('still fails once the timeout has passed after the first answer', async () => {
    const stuck = {
      ...context([0]),
      omnictl: { get: async () => [{ metadata: { id: W3 } }] } as unknown as Omnictl,
    };
    expect(await waitGoneStep(step, stuck)).toMatchObject({
      status: 'failed',
      note: `Still present after 60s: ${W3}.`,
    });
  });
});

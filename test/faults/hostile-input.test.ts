import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClusterName, isMachineId } from '../../src/omni-model/identifiers.js';
import { REQUEST_ID } from '../../src/recovery/new-id.js';
import {
  approveAction,
  approveAnywayAction,
  cancelRunAction,
  rejectAction,
  requestLabelFixAction,
  requestRemovalAction,
  requestRemovalAllAction,
  requestTemplateSyncAction,
  resumeRunAction,
} from '../../src/slack/actions/approval-actions.js';
import { diagnoseAction } from '../../src/slack/actions/diagnose-action.js';
import { parseCommand } from '../../src/slack/parse-command.js';
import type { SlackMessage } from '../../src/slack/views/block-kit.js';
import { anyCommandText, anyDiagnoseValue, buttonValue, hostileCommandText } from './hostile-inputs.js';
import { buttonContext, recordingUseCases, type UseCaseCall } from './recording-use-cases.js';
import { diagnoseRequestOf, isValidatedCommand } from './validated-command.js';

// 4,000 + 3,000 + 7 × 430 + 1,500 = 11,510 inputs; the end-to-end file sends a few hundred more
// through HTTP.
const RUNS = { any: 4_000, hostile: 3_000, perButton: 430, diagnose: 1_500 };
const FORGED = /This button is not one the bot made/;

describe('hostile /omni texts through the parser', () => {
  it('never throws, and whatever it accepts is validated field by field', () => {
    fc.assert(
      fc.property(anyCommandText, (text) => {
        const parsed = parseCommand(text);
        return parsed.ok ? isValidatedCommand(parsed.command) : parsed.error.length > 0;
      }),
      { numRuns: RUNS.any, seed: 20260822 },
    );
  });

  it('refuses every text with shell syntax, control characters, look-alikes or flags where an id goes', () => {
    fc.assert(
      fc.property(hostileCommandText, (text) => {
        const parsed = parseCommand(text);
        return !parsed.ok && parsed.error.length > 0 && parsed.error.length < 400;
      }),
      { numRuns: RUNS.hostile, seed: 20260823 },
    );
  });
});

type Handler = typeof approveAction;
const BUTTONS: [string, Handler, (value: string) => boolean][] = [
  ['stuck.request-removal', requestRemovalAction, isMachineId],
  ['stuck.request-removal-all', requestRemovalAllAction, (v) => v === '' || isClusterName(v)],
  ['approval.approve', approveAction, (v) => REQUEST_ID.test(v)],
  ['approval.approve-anyway', approveAnywayAction, (v) => REQUEST_ID.test(v)],
  ['approval.reject', rejectAction, (v) => REQUEST_ID.test(v)],
  ['run.cancel', cancelRunAction, (v) => /^run-[0-9a-f]{12}$/.test(v)],
  ['run.resume', resumeRunAction, (v) => /^run-[0-9a-f]{12}$/.test(v)],
  ['labels.request-fix', requestLabelFixAction, isClusterName],
  ['template.request-sync', requestTemplateSyncAction, isClusterName],
];

// The only thing of the button a use case may receive is the validated value itself.
function passesOnlyValue(call: UseCaseCall | undefined, value: string): boolean {
  const text = JSON.stringify(call?.args ?? []);
  return call !== undefined && (value === '' || text.includes(JSON.stringify(value)));
}

describe('forged button values through the button handlers', () => {
  it.each(BUTTONS)(
    '%s: a malformed value is refused unread; a well-formed one goes on alone',
    async (_id, handler, isValid) => {
      await fc.assert(
        fc.asyncProperty(buttonValue, async (value) => {
          const calls: UseCaseCall[] = [];
          const told: SlackMessage[] = [];
          const opened: unknown[] = [];

          await handler(buttonContext(value, told, opened), recordingUseCases(calls));

          expect(opened).toEqual([]);
          expect(told).toHaveLength(1);
          if (!isValid(value)) {
            expect(calls).toEqual([]);
            expect(told[0]?.text).toMatch(FORGED);
            return;
          }
          expect(calls).toHaveLength(1);
          expect(passesOnlyValue(calls[0], value)).toBe(true);
        }),
        { numRuns: RUNS.perButton, seed: 20260824 },
      );
    },
  );
});

// The one use case, with the one argument, a Diagnose value may lead to.
const USE_CASE: Record<string, string> = {
  'stuck-machines': 'stuckMachines',
  'provider-status': 'providerStatus',
  'reboot-loop': 'labelLoop',
  drift: 'drift',
};

function expectedCall(value: string): UseCaseCall | undefined {
  const request = diagnoseRequestOf(value);
  if (!request) return undefined;
  const name = USE_CASE[request.command] ?? '';
  return { name, args: name === 'providerStatus' ? [] : [{ cluster: request.cluster }] };
}

describe('forged values through the alert Diagnose handler', () => {
  it('refuses anything but a read-only report and a valid cluster, privately; runs only that report', async () => {
    let wellFormed = 0;

    await fc.assert(
      fc.asyncProperty(anyDiagnoseValue, async (value) => {
        const calls: UseCaseCall[] = [];
        const told: SlackMessage[] = [];
        const threaded: SlackMessage[] = [];
        const opened: unknown[] = [];

        await diagnoseAction(buttonContext(value, told, opened, threaded), recordingUseCases(calls));

        expect(opened).toEqual([]);
        const expected = expectedCall(value);
        if (!expected) {
          expect(calls).toEqual([]);
          expect(threaded).toEqual([]);
          expect(told.map((m) => m.text)).toEqual([expect.stringMatching(FORGED)]);
          return;
        }
        wellFormed += 1;
        // The recording use cases refuse; the handler shows that refusal in the alert's thread.
        expect(calls).toEqual([expected]);
        expect(told).toEqual([]);
        expect(threaded.map((m) => m.text)).toEqual(['Denied by the test.']);
      }),
      { numRuns: RUNS.diagnose, seed: 20260826 },
    );

    expect(wellFormed).toBeGreaterThan(RUNS.diagnose / 10);
  });
});

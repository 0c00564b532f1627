import { machineKind } from '../../omni/machine-resources.js';
import { OmniError } from '../../omni/omni-error.js';
import type { VerifyGoneStep } from '../../procedures/shared/plan.js';
import type { StepResult } from '../run-events.js';
import type { StepContext } from '../run-plan.js';

type Outcome = Omit<StepResult, 'idx' | 'durationMs'>;

// The runbook's own check (`omnictl get machines`), read as data rather than eyeballed.
export async function verifyGoneStep(step: VerifyGoneStep, ctx: StepContext): Promise<Outcome> {
  if (ctx.dryRun)
    return { status: 'skipped', exitCode: null, note: 'Dry run: nothing to verify.', outputTail: '' };
  try {
    const machines = await ctx.omnictl.get(machineKind, { signal: ctx.signal });
    const present = new Set(machines.map((m) => m.metadata.id));
    const left = step.machineIds.filter((id) => present.has(id));
    if (left.length > 0) {
      return {
        status: 'failed',
        exitCode: 0,
        note: `Still listed by omnictl get machines: ${left.join(', ')}.`,
        outputTail: '',
      };
    }
    const what =
      step.machineIds.length === 1 ? 'The machine is' : `All ${step.machineIds.length} machines are`;
    return { status: 'ok', exitCode: 0, note: `${what} verified gone from Omni.`, outputTail: '' };
  } catch (error) {
    if (error instanceof OmniError)
      return { status: 'failed', exitCode: null, note: error.userMessage, outputTail: '' };
    throw error;
  }
}

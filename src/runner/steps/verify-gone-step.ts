import { machineKind } from '../../omni/machine-resources.js';
import { OmniError } from '../../omni/omni-error.js';
import type { VerifyGoneStep } from '../../procedures/shared/plan.js';
import type { StepContext } from '../run-plan.js';
import { failed, type StepOutcome, skipped } from './step-outcome.js';

// The runbook's own check (`omnictl get machines`), read as data rather than eyeballed.
export async function verifyGoneStep(step: VerifyGoneStep, ctx: StepContext): Promise<StepOutcome> {
  if (ctx.dryRun) return skipped('Dry run: nothing to verify.');
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
    if (error instanceof OmniError) return failed(error.userMessage);
    throw error;
  }
}

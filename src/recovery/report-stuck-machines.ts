import type { Omnictl } from '../omni/run-omnictl.js';
import { findStuckMachines, type StuckMachinesReport } from '../procedures/find-stuck-machines.js';
import { type Outcome, succeed } from './outcome.js';
import { problemFromError } from './problem-from-error.js';
import { readFleet } from './read-fleet.js';

export type ReportStuckDeps = { omnictl: Omnictl; clock: () => Date; stuckAfterMs: number };

export function createReportStuckMachines(deps: ReportStuckDeps) {
  return async (input: { cluster?: string }): Promise<Outcome<StuckMachinesReport>> => {
    try {
      const fleet = await readFleet(deps.omnictl);
      return succeed(
        findStuckMachines(fleet, {
          now: deps.clock(),
          stuckAfterMs: deps.stuckAfterMs,
          cluster: input.cluster,
        }),
      );
    } catch (error) {
      return { ok: false, problem: problemFromError(error) };
    }
  };
}

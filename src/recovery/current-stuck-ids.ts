import type { Omnictl } from '../omni/run-omnictl.js';
import { findStuckMachines } from '../procedures/diagnostics/find-stuck-machines.js';
import { readFleet } from './read-fleet.js';

// "Request removal of all": the removable stuck machines as Omni shows them now, not as an old
// message listed them (a machine unreachable for less than STUCK_AFTER is left out).
export async function currentStuckIds(
  deps: { omnictl: Omnictl; clock: () => Date; stuckAfterMs: number },
  cluster: string | undefined,
): Promise<string[]> {
  const fleet = await readFleet(deps.omnictl);
  return findStuckMachines(fleet, { now: deps.clock(), stuckAfterMs: deps.stuckAfterMs, cluster })
    .stuck.filter((m) => m.removable)
    .map((m) => m.id);
}

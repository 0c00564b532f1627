import { z } from 'zod';
import type { Omnictl } from '../omni/run-omnictl.js';
import { findStuckMachines } from '../procedures/diagnostics/find-stuck-machines.js';
import { machinesWithRequests, matchVms } from '../procedures/diagnostics/match-vms.js';
import { planMachineRemoval } from '../procedures/remove-stuck-machines/plan-machine-removal.js';
import { refuse } from '../procedures/shared/plan.js';
import type { ProxmoxClient } from '../proxmox/create-proxmox-client.js';
import type { ProcedureDef } from './approval-deps.js';
import { readFleet } from './read-fleet.js';
import { readVms } from './read-vms.js';

export const REMOVAL = 'remove-stuck-machines';

// Stored with the request; validated again when it is read back, like anything from outside.
const RemovalParams = z.object({ machineIds: z.array(z.string()).min(1).max(500) });

export type RemovalDeps = {
  omnictl: Omnictl;
  clock: () => Date;
  stuckAfterMs: number;
  timeouts?: { commandMs?: number; waitMs?: number; pollMs?: number };
  proxmox?: ProxmoxClient;
};

export function createRemovalProcedure(deps: RemovalDeps): ProcedureDef {
  return {
    name: REMOVAL,
    async plan(params, signal) {
      const parsed = RemovalParams.safeParse(params);
      if (!parsed.success) return refuse('The stored request is malformed.');
      const [fleet, reading] = await Promise.all([
        readFleet(deps.omnictl, signal),
        deps.proxmox ? readVms(deps.proxmox, signal) : undefined,
      ]);
      const now = deps.clock();
      // Read again at approval: a VM that came back (or went) since the card changes the fingerprint.
      const vms = reading && {
        byMachine: Object.fromEntries(
          matchVms({
            machines: machinesWithRequests(fleet, parsed.data.machineIds),
            requestIds: [],
            vms: reading.vms,
            ...(reading.vms === undefined ? { unreadable: reading.note } : {}),
          }).byMachine,
        ),
        ...(reading.vms === undefined ? { note: reading.note } : {}),
        readAt: now.toISOString(),
      };
      return planMachineRemoval({
        fleet,
        machineIds: parsed.data.machineIds,
        now,
        stuckAfterMs: deps.stuckAfterMs,
        timeouts: deps.timeouts,
        ...(vms ? { vms } : {}),
      });
    },
  };
}

// "Request removal of all": the removable stuck machines as Omni shows them now, not as an old
// message listed them (a machine unreachable for less than STUCK_AFTER is left out).
export async function currentStuckIds(deps: RemovalDeps, cluster: string | undefined): Promise<string[]> {
  const fleet = await readFleet(deps.omnictl);
  return findStuckMachines(fleet, { now: deps.clock(), stuckAfterMs: deps.stuckAfterMs, cluster })
    .stuck.filter((m) => m.removable)
    .map((m) => m.id);
}

import type { Omnictl } from '../omni/run-omnictl.js';
import {
  findStuckMachines,
  type StuckMachinesReport,
} from '../procedures/diagnostics/find-stuck-machines.js';
import { machinesWithRequests, matchVms } from '../procedures/diagnostics/match-vms.js';
import type { ProxmoxClient } from '../proxmox/create-proxmox-client.js';
import { type Outcome, succeed } from './outcome.js';
import { problemFromError } from './problem-from-error.js';
import { readFleet } from './read-fleet.js';
import { readVms } from './read-vms.js';

export type ReportStuckDeps = {
  omnictl: Omnictl;
  clock: () => Date;
  stuckAfterMs: number;
  proxmox?: ProxmoxClient;
};

export function createReportStuckMachines(deps: ReportStuckDeps) {
  return async (input: { cluster?: string }): Promise<Outcome<StuckMachinesReport>> => {
    try {
      const [fleet, reading] = await Promise.all([readFleet(deps.omnictl), readVms(deps.proxmox)]);
      const report = findStuckMachines(fleet, {
        now: deps.clock(),
        stuckAfterMs: deps.stuckAfterMs,
        cluster: input.cluster,
      });
      const match = matchVms({
        machines: machinesWithRequests(
          fleet,
          report.stuck.map((m) => m.id),
        ),
        requestIds: [],
        vms: reading.vms,
        ...(reading.vms === undefined ? { unreadable: reading.note } : {}),
      });
      return succeed({
        ...report,
        vms: {
          // Not configured: one note for the report rather than "unknown" on every machine.
          byMachine: deps.proxmox ? Object.fromEntries(match.byMachine) : {},
          ...(reading.vms === undefined ? { note: reading.note } : {}),
        },
      });
    } catch (error) {
      return { ok: false, problem: problemFromError(error) };
    }
  };
}

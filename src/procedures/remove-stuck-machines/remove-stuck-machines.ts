import { z } from 'zod';
import { machinesWithRequests, matchVms } from '../diagnostics/match-vms.js';
import { defineProcedure } from '../shared/procedure-definition.js';
import { planMachineRemoval } from './plan-machine-removal.js';

export const removeStuckMachines = defineProcedure({
  name: 'remove-stuck-machines',
  params: z.object({ machineIds: z.array(z.string()).min(1).max(500) }),
  targets: 'machine',
  command: {
    word: 'delete-clustermachine',
    usage: 'delete-clustermachine <machine-uuid> [reason…]',
    summary: 'request removal of a stuck machine (needs approval)',
    example: '/omni delete-clustermachine e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82 VM deleted in Proxmox',
  },
  async plan(params, reads, signal) {
    const [fleet, reading] = await Promise.all([reads.fleet(signal), reads.vms(signal)]);
    const now = reads.now();
    // Read again at approval: a VM that came back (or went) since the card changes the fingerprint.
    const vms = reading && {
      byMachine: Object.fromEntries(
        matchVms({
          machines: machinesWithRequests(fleet, params.machineIds),
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
      machineIds: params.machineIds,
      now,
      stuckAfterMs: reads.settings.stuckAfterMs,
      timeouts: reads.settings.timeouts,
      ...(vms ? { vms } : {}),
    });
  },
});

import { machineClassKind } from '../omni/cluster-resources.js';
import { machineRequestStatusKind } from '../omni/infra-provider-resources.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import { type DriftReport, findDrift } from '../procedures/diagnostics/find-drift.js';
import { findVmDrift } from '../procedures/diagnostics/find-vm-drift.js';
import type { ProxmoxClient } from '../proxmox/create-proxmox-client.js';
import { readFleet } from './read-fleet.js';
import { readOrNote } from './read-or-note.js';
import { readTemplate, templateDiff } from './read-template.js';
import { readVms } from './read-vms.js';

export async function reportDrift(
  deps: {
    omnictl: Omnictl;
    clock: () => Date;
    stuckAfterMs: number;
    templatesDir: string;
    proxmox?: ProxmoxClient;
  },
  cluster: string | undefined,
): Promise<DriftReport> {
  // The machines are the report's core (a failed read fails it); requests and classes may be missing.
  const [fleet, requests, machineClasses, reading] = await Promise.all([
    readFleet(deps.omnictl),
    readOrNote('Machine requests (machinerequeststatuses)', () => deps.omnictl.get(machineRequestStatusKind)),
    readOrNote('Machine classes (machineclasses)', () => deps.omnictl.get(machineClassKind)),
    readVms(deps.proxmox),
  ]);
  let templateDiffText: string | undefined;
  let templateNote: string | undefined;
  if (cluster) {
    const ctx = await readTemplate(deps.templatesDir, cluster);
    if (!ctx.ok) templateNote = ctx.error;
    else {
      const diff = await templateDiff(deps.omnictl, ctx.value.absolutePath);
      if (diff.ok) templateDiffText = diff.diff.text;
      else templateNote = `omnictl could not diff the template: ${diff.error}`;
    }
  }
  return findDrift({
    fleet,
    requests: requests.ok ? requests.value : undefined,
    machineClasses: machineClasses.ok ? machineClasses.value : undefined,
    unread: [requests, machineClasses].flatMap((read) => (read.ok ? [] : [read.note])),
    vms: findVmDrift({
      fleet,
      // Without the requests, no VM can be called an orphan for sure: compare machines only.
      requestIds: requests.ok ? requests.value.map((r) => r.metadata.id) : [],
      vms: requests.ok ? reading.vms : undefined,
      note:
        reading.vms === undefined
          ? reading.note
          : 'VM existence not checked: the machine requests could not be read',
      cluster,
    }),
    templateDiff: templateDiffText,
    templateNote,
    now: deps.clock(),
    stuckAfterMs: deps.stuckAfterMs,
    cluster,
  });
}

/**
 * State drift (runbook: "State Drift After Out-of-Band Changes"): VMs deleted in Proxmox or
 * machines changed behind Omni's back. Lists the stuck and disconnected machines, machine
 * requests that failed or hang, the machine classes and their provider, and the template diff.
 */

import { isRequestStage } from '../../omni-model/machine-request-stage.js';
import type { FleetSnapshot, MachineRequestStatusView } from '../shared/fleet-snapshot.js';
import { findStuckMachines, type StuckMachine } from './find-stuck-machines.js';
import type { VmDrift } from './find-vm-drift.js';

type MachineClassView = {
  metadata: { id: string };
  spec: { autoprovision?: { providerid?: string } | null; matchlabels?: string[] | null };
};

export type DriftReport = {
  cluster?: string;
  stuck: StuckMachine[];
  failedRequests: { id: string; machineId: string; error: string; status: string }[];
  provisioningTooLong: { id: string; status: string; since?: string }[];
  machineClasses: { id: string; provider: string }[];
  templateDiff?: string;
  templateNote?: string;
  // Reads that failed, with Omni's reason; their sections are left out, not shown as empty.
  unread: string[];
  requestsUnknown?: true;
  // Omni against Proxmox: missing and orphan VMs (absent when the report did not look).
  vms?: VmDrift;
  machineClassesUnknown?: true;
};

export function findDrift(input: {
  fleet: FleetSnapshot;
  // undefined: could not be read (the reason is in `unread`).
  requests: readonly MachineRequestStatusView[] | undefined;
  machineClasses: readonly MachineClassView[] | undefined;
  unread?: readonly string[];
  vms?: VmDrift;
  templateDiff?: string;
  templateNote?: string;
  now: Date;
  stuckAfterMs: number;
  cluster?: string;
}): DriftReport {
  const report = findStuckMachines(input.fleet, {
    now: input.now,
    stuckAfterMs: input.stuckAfterMs,
    cluster: input.cluster,
  });
  const inCluster = (requestId: string) => !input.cluster || requestId.startsWith(`${input.cluster}-`);
  const age = (at?: string) => (at ? input.now.getTime() - Date.parse(at) : 0);
  const requests = input.requests ?? [];
  return {
    cluster: input.cluster,
    stuck: report.stuck,
    failedRequests: requests
      .filter((r) => isRequestStage(r.spec.stage, 'FAILED') && inCluster(r.metadata.id))
      .map((r) => ({ id: r.metadata.id, machineId: r.spec.id, error: r.spec.error, status: r.spec.status })),
    provisioningTooLong: requests
      .filter(
        (r) =>
          isRequestStage(r.spec.stage, 'PROVISIONING') &&
          inCluster(r.metadata.id) &&
          age(r.metadata.updated) > input.stuckAfterMs,
      )
      .map((r) => ({ id: r.metadata.id, status: r.spec.status, since: r.metadata.updated })),
    machineClasses: (input.machineClasses ?? []).map((c) => ({
      id: c.metadata.id,
      provider: c.spec.autoprovision?.providerid || '(static: matchlabels)',
    })),
    templateDiff: input.templateDiff,
    templateNote: input.templateNote,
    unread: [...(input.unread ?? [])],
    ...(input.vms === undefined ? {} : { vms: input.vms }),
    ...(input.requests === undefined ? { requestsUnknown: true as const } : {}),
    ...(input.machineClasses === undefined ? { machineClassesUnknown: true as const } : {}),
  };
}

import { clusterStatusKind } from '../omni/cluster-resources.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import { assessProvider } from '../procedures/diagnostics/assess-provider.js';
import {
  type OpenAlertFacts,
  type StatusSummary,
  summariseStatus,
} from '../procedures/diagnostics/summarise-status.js';
import type { ProxmoxClient } from '../proxmox/create-proxmox-client.js';
import { fail, type Outcome, succeed } from './outcome.js';
import { problemFromError } from './problem-from-error.js';
import { readFleet } from './read-fleet.js';
import { readOrNote } from './read-or-note.js';
import { readProviderPartially } from './read-provider.js';
import { readVms } from './read-vms.js';

export type ReportStatusDeps = {
  omnictl: Omnictl;
  clock: () => Date;
  providerId: string;
  stuckAfterMs: number;
  /** The watcher's open alerts (`store.alerts`). */
  alerts: { open(): Promise<readonly OpenAlertFacts[]> };
  proxmox?: ProxmoxClient;
};

/** `/omni status [cluster]`: reads Omni (every read at once) and summarises it with the open alerts. */
export function createReportStatus(deps: ReportStatusDeps) {
  return async (input: { cluster?: string }): Promise<Outcome<StatusSummary>> => {
    try {
      // Every read starts at once (the omnictl limiter queues what exceeds its slots): waiting for
      // the machines before asking for the provider and the phases made the answer three reads long
      // instead of one (issue #17). The machines are the answer's core (a failed read fails it,
      // and its error is the one reported); the rest may be missing.
      const fleetRead = readFleet(deps.omnictl);
      const rest = Promise.all([
        readVms(deps.proxmox),
        readProviderPartially(deps.omnictl, deps.providerId),
        readOrNote('Cluster phases (clusterstatuses)', () => deps.omnictl.get(clusterStatusKind)),
      ]);
      // Handled here too, so a failure of the rest while the fleet's failure is reported is not unhandled.
      rest.catch(() => undefined);
      const fleet = await fleetRead;
      const [reading, facts, clusters] = await rest;
      const clusterStatuses = clusters.ok ? clusters.value : undefined;
      if (
        input.cluster !== undefined &&
        clusterStatuses !== undefined &&
        !clusterStatuses.some((s) => s.metadata.id === input.cluster)
      ) {
        const known = clusterStatuses.map((s) => s.metadata.id).join(', ') || 'none';
        return fail('unknown-cluster', `Omni has no cluster "${input.cluster}" (clusters: ${known}).`);
      }
      const now = deps.clock();
      return succeed(
        summariseStatus({
          fleet,
          clusterStatuses,
          provider: assessProvider(facts, now),
          alerts: await deps.alerts.open(),
          cluster: input.cluster,
          unread: clusters.ok ? [] : [clusters.note],
          proxmox: reading.vms
            ? { reachable: true, vmCount: reading.vms.length }
            : { reachable: false, note: reading.note },
          now,
          stuckAfterMs: deps.stuckAfterMs,
        }),
      );
    } catch (error) {
      return { ok: false, problem: problemFromError(error) };
    }
  };
}

import { clusterStatusKind } from '../omni/cluster-resources.js';
import { machineRequestStatusKind } from '../omni/infra-provider-resources.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import { isMachineId } from '../omni-model/identifiers.js';
import { isConnected } from '../omni-model/reachability.js';
import { assessProvider } from '../procedures/diagnostics/assess-provider.js';
import { findLabelSymptoms, type LabelSymptoms } from '../procedures/diagnostics/find-label-symptoms.js';
import type { FleetSnapshot } from '../procedures/shared/fleet-snapshot.js';
import type { ProxmoxClient } from '../proxmox/create-proxmox-client.js';
import { readFleet } from '../recovery/read-fleet.js';
import { readProvider } from '../recovery/read-provider.js';
import { readVms } from '../recovery/read-vms.js';
import type { WatchSnapshot } from './detect-conditions.js';
import { limitOmnictl } from './limit-omnictl.js';

type ReadWatchOptions = {
  providerId: string;
  now: () => Date;
  /** Read `machine-logs` of up to this many connected cluster machines for label loops (0: off). */
  labelLogMachines?: number;
  /** Read-only Proxmox: its VMs, for orphan VMs. Its failure never fails the poll. */
  proxmox?: ProxmoxClient;
};

// A NodeRestriction loop shows only in the node's logs, so this costs one call per machine.
async function readLabelSymptoms(
  omnictl: Omnictl,
  fleet: FleetSnapshot,
  max: number,
): Promise<Map<string, LabelSymptoms>> {
  const ids = fleet.clusterMachineStatuses
    .filter((status) => isConnected(status.metadata))
    .map((status) => status.metadata.id)
    // Ids read back from Omni are checked like ids from Slack before they become an argument.
    .filter(isMachineId)
    .slice(0, max);
  const symptoms = new Map<string, LabelSymptoms>();
  await Promise.all(
    ids.map(async (id) => {
      const result = await omnictl.run(['machine-logs', id, '--tail', '200']);
      symptoms.set(id, result.failure ? { keys: [], count: 0 } : findLabelSymptoms(result.stdout));
    }),
  );
  return symptoms;
}

/**
 * One poll's view of Omni, read with at most three omnictl calls at a time. The first failure
 * stops the rest of the poll's calls and is thrown once every call has ended, so no call of a
 * failed poll is still running when the next one starts.
 */
export async function readWatchSnapshot(omnictl: Omnictl, options: ReadWatchOptions): Promise<WatchSnapshot> {
  const controller = new AbortController();
  const { omnictl: limited, idle } = limitOmnictl(omnictl, 3, controller.signal);
  let failure: { error: unknown } | undefined;
  const watched = <T>(read: Promise<T>): Promise<T> =>
    read.catch((error: unknown) => {
      failure ??= { error };
      controller.abort();
      throw error;
    });
  const reads = [
    watched(readFleet(limited, controller.signal)),
    watched(readProvider(limited, options.providerId)),
    watched(limited.get(machineRequestStatusKind)),
    watched(limited.get(clusterStatusKind)),
  ] as const;
  await Promise.allSettled(reads);
  if (failure) {
    await idle();
    throw failure.error;
  }
  const [fleet, provider, requests, clusters] = await Promise.all(reads);
  const max = options.labelLogMachines ?? 0;
  const vms = options.proxmox ? (await readVms(options.proxmox)).vms : undefined;
  return {
    fleet,
    provider: assessProvider(provider, options.now()),
    machineRequestStatuses: requests,
    clusterStatuses: clusters,
    ...(max > 0 ? { labelSymptoms: await readLabelSymptoms(limited, fleet, max) } : {}),
    ...(vms ? { vms } : {}),
  };
}

import { clusterMachineKind, clusterMachineStatusKind } from '../omni/cluster-machine-resources.js';
import { machineKind } from '../omni/machine-resources.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import type { FleetSnapshot } from '../procedures/shared/fleet-snapshot.js';

// Three reads, run together: the report needs all three and they do not depend on each other.
export async function readFleet(omnictl: Omnictl, signal?: AbortSignal): Promise<FleetSnapshot> {
  const [machines, clusterMachines, clusterMachineStatuses] = await Promise.all([
    omnictl.get(machineKind, { signal }),
    omnictl.get(clusterMachineKind, { signal }),
    omnictl.get(clusterMachineStatusKind, { signal }),
  ]);
  return { machines, clusterMachines, clusterMachineStatuses };
}

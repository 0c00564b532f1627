import type { Labels } from '../../src/omni-model/labels.js';
import type {
  ClusterMachineStatusView,
  ClusterMachineView,
  FleetSnapshot,
  MachineView,
} from '../../src/procedures/shared/fleet-snapshot.js';

export type MachineSpec = {
  id: string;
  hostname?: string;
  cluster?: string;
  role?: 'controlplane' | 'worker';
  stage?: number;
  phase?: 'running' | 'tearingDown';
  connected?: boolean;
  // Default: ready exactly when connected (Omni: Talos ready && Machine connected).
  ready?: boolean;
  updated?: string;
  finalizers?: string[];
  // The MachineRequest that made it (infra-provisioned machines): the Proxmox VM's name.
  request?: string;
};

// Builds a FleetSnapshot the way Omni would show it for the given machines.
export function buildFleet(specs: MachineSpec[]): FleetSnapshot {
  const machines: MachineView[] = [];
  const clusterMachines: ClusterMachineView[] = [];
  const clusterMachineStatuses: ClusterMachineStatusView[] = [];
  for (const spec of specs) {
    const cluster = spec.cluster ?? 'talos-prod';
    const role = spec.role ?? 'worker';
    const connected = spec.connected ?? true;
    const updated = spec.updated ?? '2026-08-22T09:00:00Z';
    const roleLabel: Labels = { [`omni.sidero.dev/role-${role}`]: null };
    machines.push({
      metadata: {
        id: spec.id,
        phase: 'running',
        updated,
        ...(spec.request ? { labels: { 'omni.sidero.dev/machine-request': spec.request } } : {}),
      },
      spec: { connected },
    });
    clusterMachines.push({
      metadata: {
        id: spec.id,
        phase: spec.phase ?? 'running',
        updated,
        labels: { 'omni.sidero.dev/cluster': cluster, ...roleLabel },
        finalizers: spec.finalizers ?? ['ClusterMachineConfigController'],
      },
    });
    clusterMachineStatuses.push({
      metadata: {
        id: spec.id,
        phase: 'running',
        updated,
        labels: {
          'omni.sidero.dev/cluster': cluster,
          'omni.sidero.dev/hostname': spec.hostname ?? spec.id.slice(0, 8),
          ...roleLabel,
          ...(connected ? { 'omni.sidero.dev/connected': null } : {}),
        },
      },
      spec: { stage: spec.stage ?? 4, ready: spec.ready ?? connected },
    });
  }
  return { machines, clusterMachines, clusterMachineStatuses };
}

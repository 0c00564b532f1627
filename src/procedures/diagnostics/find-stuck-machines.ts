/**
 * Stuck machines (runbook: "Machine Stuck in Destroying State").
 * A machine whose VM was deleted out of band stays "Destroying / Unreachable" in Omni: its
 * ClusterMachine is tearing down but a finalizer waits for a reset that can never happen.
 * This lists every such machine, and every machine of a cluster Omni cannot reach, with why.
 *
 * An unreachable machine is removable only once it has been unreachable for STUCK_AFTER: a
 * worker in the middle of a reboot is unreachable for a while too. Omni keeps no "disconnected
 * since"; the Machine's `updated` is the honest bound: `spec.connected` flipping to false updates
 * the Machine, so its last update is when it lost its link or later, never earlier (the
 * ClusterMachineStatus's, whose `connected` label goes with it, when there is no Machine).
 */

import { clusterMachineStageName, isTeardownStage } from '../../omni-model/cluster-machine-stage.js';
import { labelText, type MachineRole, OmniLabel, roleOf } from '../../omni-model/labels.js';
import { isMachineUnreachable } from '../../omni-model/reachability.js';
import type {
  ClusterMachineStatusView,
  ClusterMachineView,
  FleetSnapshot,
  MachineView,
} from '../shared/fleet-snapshot.js';
import type { VmChecks } from './match-vms.js';

type StuckReason = 'tearing-down' | 'unreachable';

export type { MachineRole };

export type StuckMachine = {
  id: string;
  hostname: string;
  cluster: string;
  machineSet?: string;
  role: MachineRole;
  stage: number;
  stageName: string;
  phase: string;
  finalizers: string[];
  connected: boolean;
  reasons: StuckReason[];
  // When the current condition began, as far as Omni's timestamps tell.
  since?: string;
  forMs?: number;
  // Tearing down for STUCK_AFTER, or unreachable for STUCK_AFTER: the bot may offer its removal.
  removable: boolean;
  // For an unreachable machine not removable yet: when it will be (absent without a timestamp).
  removableAt?: string;
};

export type StuckMachinesReport = {
  cluster?: string;
  checkedAt: string;
  machineCount: number;
  clusterCount: number;
  stuck: StuckMachine[];
  // What Proxmox says of each stuck machine's VM (added by the report, not by this finder).
  vms?: VmChecks;
};

type FindStuckOptions = { now: Date; stuckAfterMs: number; cluster?: string };

function elapsed(now: Date, since: string | undefined): number | undefined {
  if (!since) return undefined;
  const at = Date.parse(since);
  return Number.isNaN(at) ? undefined : Math.max(0, now.getTime() - at);
}

// The resource that says "unreachable" dates it: the Machine (mirroring its Link), else the status.
function unreachableSinceOf(
  machine: MachineView | undefined,
  status: ClusterMachineStatusView | undefined,
): string | undefined {
  if (machine && !machine.spec.connected) return machine.metadata.updated;
  return status?.metadata.updated ?? machine?.metadata.updated;
}

function judge(
  id: string,
  cm: ClusterMachineView | undefined,
  cms: ClusterMachineStatusView | undefined,
  machine: MachineView | undefined,
  options: FindStuckOptions,
): StuckMachine | undefined {
  const stage = cms?.spec.stage ?? 0;
  const tearingDown = cm?.metadata.phase === 'tearingDown' || isTeardownStage(stage);
  const teardownSince = cm?.metadata.phase === 'tearingDown' ? cm.metadata.updated : cms?.metadata.updated;
  // Only for machines tearing down: no date to parse for each of thousands of healthy machines.
  const teardownFor = tearingDown ? elapsed(options.now, teardownSince) : undefined;
  const stuckTearingDown = tearingDown && (teardownFor === undefined || teardownFor >= options.stuckAfterMs);
  const connected = !isMachineUnreachable(cms, machine);
  const reasons: StuckReason[] = [];
  if (stuckTearingDown) reasons.push('tearing-down');
  if (!connected) reasons.push('unreachable');
  if (reasons.length === 0) return undefined;
  const unreachableSince = connected ? undefined : unreachableSinceOf(machine, cms);
  const unreachableFor = elapsed(options.now, unreachableSince);
  // Without a timestamp the bot cannot tell a reboot from a lost machine: not removable.
  const removable =
    stuckTearingDown || (unreachableFor !== undefined && unreachableFor >= options.stuckAfterMs);
  const removableAt =
    removable || unreachableSince === undefined || unreachableFor === undefined
      ? undefined
      : new Date(options.now.getTime() - unreachableFor + options.stuckAfterMs).toISOString();
  const since = stuckTearingDown ? teardownSince : unreachableSince;
  return {
    id,
    hostname:
      labelText(cms?.metadata, OmniLabel.hostname) ??
      labelText(cms?.metadata, OmniLabel.nodeName) ??
      '(unknown host)',
    cluster:
      labelText(cms?.metadata, OmniLabel.cluster) ?? labelText(cm?.metadata, OmniLabel.cluster) ?? '(none)',
    machineSet:
      labelText(cms?.metadata, OmniLabel.machineSet) ?? labelText(cm?.metadata, OmniLabel.machineSet),
    role: roleOf(cms?.metadata, cm?.metadata),
    stage,
    stageName: clusterMachineStageName(stage),
    phase: cm?.metadata.phase ?? 'gone',
    finalizers: cm?.metadata.finalizers ?? [],
    connected,
    reasons,
    since,
    forMs: elapsed(options.now, since),
    removable,
    ...(removableAt === undefined ? {} : { removableAt }),
  };
}

function byId<T extends { metadata: { id: string } }>(resources: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const resource of resources) map.set(resource.metadata.id, resource);
  return map;
}

export function findStuckMachines(snapshot: FleetSnapshot, options: FindStuckOptions): StuckMachinesReport {
  const machines = byId(snapshot.machines);
  const clusterMachines = byId(snapshot.clusterMachines);
  const statuses = byId(snapshot.clusterMachineStatuses);
  const ids = new Set(clusterMachines.keys());
  for (const id of statuses.keys()) ids.add(id);
  const clusters = new Set<string>();
  const stuck: StuckMachine[] = [];
  let machineCount = 0;
  for (const id of ids) {
    const cm = clusterMachines.get(id);
    const cms = statuses.get(id);
    const cluster = labelText(cms?.metadata, OmniLabel.cluster) ?? labelText(cm?.metadata, OmniLabel.cluster);
    if (options.cluster && cluster !== options.cluster) continue;
    machineCount += 1;
    if (cluster) clusters.add(cluster);
    const verdict = judge(id, cm, cms, machines.get(id), options);
    if (verdict) stuck.push(verdict);
  }
  stuck.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.hostname.localeCompare(b.hostname));
  return {
    cluster: options.cluster,
    checkedAt: options.now.toISOString(),
    machineCount,
    clusterCount: clusters.size,
    stuck,
  };
}

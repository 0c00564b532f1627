/**
 * Fleet status (`/omni status [cluster]`).
 * The answer to "is anything wrong right now?": each cluster's phase and how many of its
 * machines are ready, the machines by stage (with those unreachable or stuck tearing down), the
 * infra provider's connection, and the alerts the watcher has open.
 */

import { clusterMachineStageName } from '../../omni-model/cluster-machine-stage.js';
import { clusterPhaseName } from '../../omni-model/cluster-phase.js';
import { labelText, OmniLabel } from '../../omni-model/labels.js';
import type { ClusterStatusView, FleetSnapshot } from '../shared/fleet-snapshot.js';
import type { ProviderAssessment } from './assess-provider.js';
import { findStuckMachines } from './find-stuck-machines.js';

export type OpenAlertFacts = {
  condition: string;
  resource: string;
  cluster: string | null;
  summary: string;
  openedAt: string | null;
};

export type ClusterLine = {
  name: string;
  phase: string;
  ready: boolean;
  healthy: number;
  total: number;
  requested: number;
};

type ProxmoxReach = { reachable: true; vmCount: number } | { reachable: false; note: string };

export type StatusSummary = {
  checkedAt: string;
  cluster?: string;
  clusters: ClusterLine[];
  machineCount: number;
  byStage: { stage: string; count: number }[];
  unreachable: number;
  stuckTearingDown: number;
  provider: Pick<
    ProviderAssessment,
    'id' | 'found' | 'connected' | 'lastHeartbeat' | 'keyProblem' | 'keyExpiresAt' | 'stateUnknown'
  >;
  alerts: OpenAlertFacts[];
  // Reads that failed, with Omni's reason: the summary is partial where they would have counted.
  unread: string[];
  // Whether Proxmox answered (issue #15); it never makes the bot unready.
  proxmox?: ProxmoxReach;
  clustersUnknown?: true;
};

export function summariseStatus(input: {
  fleet: FleetSnapshot;
  // undefined: the ClusterStatuses could not be read (the reason is in `unread`).
  clusterStatuses: readonly ClusterStatusView[] | undefined;
  provider: ProviderAssessment;
  unread?: readonly string[];
  proxmox?: ProxmoxReach;
  alerts: readonly OpenAlertFacts[];
  cluster?: string;
  now: Date;
  stuckAfterMs: number;
}): StatusSummary {
  const { cluster } = input;
  const statuses = input.fleet.clusterMachineStatuses.filter(
    (s) => cluster === undefined || labelText(s.metadata, OmniLabel.cluster) === cluster,
  );
  const stages = new Map<string, number>();
  for (const status of statuses) {
    const name = clusterMachineStageName(status.spec.stage);
    stages.set(name, (stages.get(name) ?? 0) + 1);
  }
  const stuck = findStuckMachines(input.fleet, { now: input.now, stuckAfterMs: input.stuckAfterMs, cluster });
  const { id, found, connected, lastHeartbeat, keyProblem, keyExpiresAt, stateUnknown } = input.provider;
  return {
    checkedAt: input.now.toISOString(),
    ...(cluster === undefined ? {} : { cluster }),
    ...(input.clusterStatuses === undefined ? { clustersUnknown: true as const } : {}),
    clusters: (input.clusterStatuses ?? [])
      .filter((s) => cluster === undefined || s.metadata.id === cluster)
      .map((s) => ({
        name: s.metadata.id,
        phase: clusterPhaseName(s.spec.phase),
        ready: s.spec.ready,
        healthy: s.spec.machines?.healthy ?? 0,
        total: s.spec.machines?.total ?? 0,
        requested: s.spec.machines?.requested ?? 0,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    machineCount: statuses.length,
    byStage: [...stages].map(([stage, count]) => ({ stage, count })).sort((a, b) => b.count - a.count),
    unreachable: stuck.stuck.filter((m) => m.reasons.includes('unreachable')).length,
    stuckTearingDown: stuck.stuck.filter((m) => m.reasons.includes('tearing-down')).length,
    provider: {
      id,
      found,
      connected,
      lastHeartbeat,
      keyProblem,
      keyExpiresAt,
      ...(stateUnknown ? { stateUnknown } : {}),
    },
    unread: [...(input.unread ?? []), ...(input.provider.unread ?? [])],
    ...(input.proxmox === undefined ? {} : { proxmox: input.proxmox }),
    // An alert about the provider or Omni itself concerns every cluster.
    alerts: input.alerts
      .filter((a) => cluster === undefined || a.cluster === null || a.cluster === cluster)
      .map((a) => ({
        condition: a.condition,
        resource: a.resource,
        cluster: a.cluster,
        summary: a.summary,
        openedAt: a.openedAt,
      })),
  };
}

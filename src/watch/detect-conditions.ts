/**
 * What needs the runbook right now, from one read of Omni: machines stuck tearing down or
 * unreachable, the infra provider down or its key expiring, clusters not ready for too long,
 * machine requests the provider failed, nodes NodeRestriction keeps refusing. Pure: the time
 * comes in as an argument.
 */
import type { ProviderAssessment } from '../procedures/diagnostics/assess-provider.js';
import type { LabelSymptoms } from '../procedures/diagnostics/find-label-symptoms.js';
import type {
  ClusterStatusView,
  FleetSnapshot,
  MachineRequestStatusView,
} from '../procedures/shared/fleet-snapshot.js';
import type { ClusterVm } from '../proxmox/proxmox-resources.js';
import { type AlertCondition, CONDITION_KINDS, type ConditionKind } from './alert-condition.js';
import { clusterConditions } from './cluster-conditions.js';
import { clustersWithMachineTrouble, labelLoopConditions, machineConditions } from './machine-conditions.js';
import { providerConditions } from './provider-conditions.js';
import { requestConditions } from './request-conditions.js';
import { orphanVmConditions } from './vm-conditions.js';

export type WatchSnapshot = {
  fleet: FleetSnapshot;
  /** Undefined when the provider could not be assessed: its alerts are then left as they are. */
  provider: ProviderAssessment | undefined;
  machineRequestStatuses: readonly MachineRequestStatusView[];
  clusterStatuses: readonly ClusterStatusView[];
  /** Machine id → what its logs show; undefined when logs were not read this time. */
  labelSymptoms?: ReadonlyMap<string, LabelSymptoms>;
  /** Proxmox's VMs; undefined when Proxmox is not configured or could not be read this time. */
  vms?: readonly ClusterVm[];
};

type DetectOptions = {
  now: Date;
  stuckAfterMs: number;
  /** Fingerprint → the last error kept for a machine request alert that is still pending or open. */
  lastErrors?: ReadonlyMap<string, string>;
};

export function detectConditions(snapshot: WatchSnapshot, options: DetectOptions): AlertCondition[] {
  const { fleet, provider } = snapshot;
  return [
    ...machineConditions(fleet, options.now, options.stuckAfterMs),
    ...(provider ? providerConditions(provider) : []),
    ...clusterConditions(
      snapshot.clusterStatuses,
      clustersWithMachineTrouble(fleet, options.now),
      options.stuckAfterMs,
    ),
    ...requestConditions(snapshot.machineRequestStatuses, options.lastErrors ?? new Map()),
    ...(snapshot.labelSymptoms ? labelLoopConditions(fleet, snapshot.labelSymptoms) : []),
    ...(snapshot.vms
      ? orphanVmConditions(
          fleet,
          snapshot.machineRequestStatuses.map((r) => r.metadata.id),
          snapshot.vms,
        )
      : []),
  ];
}

/** The kinds this snapshot can tell about: an alert of another kind is neither confirmed nor cleared. */
export function observedKinds(snapshot: WatchSnapshot): ConditionKind[] {
  return CONDITION_KINDS.filter((kind) => {
    if (kind === 'provider-disconnected' || kind === 'provider-key') return snapshot.provider !== undefined;
    if (kind === 'node-label-loop') return snapshot.labelSymptoms !== undefined;
    if (kind === 'orphan-vm') return snapshot.vms !== undefined;
    return true;
  });
}

/** omnictl itself failing: one alert for the whole of Omni, whatever each poll's call was. */
export function omniUnavailableCondition(failure: { kind: string; message: string }): AlertCondition {
  return {
    condition: 'omni-unavailable',
    resource: 'omni',
    summary: `The watcher cannot read Omni (${failure.kind}): ${failure.message}`,
    detail: { kind: failure.kind, message: failure.message },
    diagnose: 'provider-status',
  };
}

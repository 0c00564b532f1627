import { labelText, OmniLabel } from '../omni-model/labels.js';
import type { LabelSymptoms } from '../procedures/diagnostics/find-label-symptoms.js';
import { findStuckMachines, type StuckMachine } from '../procedures/diagnostics/find-stuck-machines.js';
import type { FleetSnapshot } from '../procedures/shared/fleet-snapshot.js';
import type { AlertCondition } from './alert-condition.js';

function machineFacts(machine: StuckMachine): Record<string, unknown> {
  return {
    machineId: machine.id,
    hostname: machine.hostname,
    role: machine.role,
    stage: machine.stageName,
    phase: machine.phase,
    connected: machine.connected,
  };
}

function teardownCondition(machine: StuckMachine, stuckAfterMs: number): AlertCondition {
  const waiting = machine.finalizers.length > 0 ? `, waiting on ${machine.finalizers.join(', ')}` : '';
  return {
    condition: 'stuck-teardown',
    resource: machine.id,
    cluster: machine.cluster,
    summary: `${machine.hostname} in ${machine.cluster} is stuck tearing down (stage ${machine.stageName}${waiting})`,
    since: machine.since,
    // findStuckMachines already waited STUCK_AFTER by Omni's clock; without a timestamp we wait it ourselves.
    holdMs: stuckAfterMs,
    detail: { ...machineFacts(machine), finalizers: machine.finalizers },
    diagnose: 'stuck-machines',
  };
}

function unreachableCondition(machine: StuckMachine): AlertCondition {
  return {
    condition: 'machine-unreachable',
    resource: machine.id,
    cluster: machine.cluster,
    summary: `${machine.hostname} in ${machine.cluster} is unreachable (last known stage ${machine.stageName})`,
    // The Machine's last update is when it lost its link, or later: never earlier than the truth.
    since: machine.reasons.includes('tearing-down') ? undefined : machine.since,
    detail: machineFacts(machine),
    diagnose: 'stuck-machines',
  };
}

/** Teardowns older than STUCK_AFTER, and cluster members Omni cannot reach: one condition each. */
export function machineConditions(fleet: FleetSnapshot, now: Date, stuckAfterMs: number): AlertCondition[] {
  const report = findStuckMachines(fleet, { now, stuckAfterMs });
  const conditions: AlertCondition[] = [];
  for (const machine of report.stuck) {
    if (machine.reasons.includes('tearing-down')) conditions.push(teardownCondition(machine, stuckAfterMs));
    if (machine.reasons.includes('unreachable')) conditions.push(unreachableCondition(machine));
  }
  return conditions;
}

/** Clusters with a machine tearing down or unreachable: their not-ready state is already explained. */
export function clustersWithMachineTrouble(fleet: FleetSnapshot, now: Date): Set<string> {
  return new Set(findStuckMachines(fleet, { now, stuckAfterMs: 0 }).stuck.map((m) => m.cluster));
}

/** Nodes whose logs show NodeRestriction refusing the labels their template asks for. */
export function labelLoopConditions(
  fleet: FleetSnapshot,
  symptoms: ReadonlyMap<string, LabelSymptoms>,
): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  for (const status of fleet.clusterMachineStatuses) {
    const found = symptoms.get(status.metadata.id);
    if (!found || found.count === 0) continue;
    const hostname = labelText(status.metadata, OmniLabel.hostname) ?? found.node ?? status.metadata.id;
    const cluster = labelText(status.metadata, OmniLabel.cluster) ?? '(none)';
    const keys = [...found.keys].sort();
    conditions.push({
      condition: 'node-label-loop',
      resource: status.metadata.id,
      cluster,
      summary: `${hostname} in ${cluster}: NodeRestriction rejects its labels ${keys.join(', ') || '(unnamed)'}`,
      detail: { machineId: status.metadata.id, hostname, keys, rejections: found.count },
      diagnose: 'reboot-loop',
    });
  }
  return conditions;
}

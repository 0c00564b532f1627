/**
 * Remove stuck machines (runbook: "Machine Stuck in Destroying State", "Only Read Access Is Permitted").
 * The runbook deletes the ClusterMachine; current Omni refuses that as read-only, and what really
 * releases a stuck teardown is removing the machine's SideroLink (`cluster machine delete --force`).
 * So each machine gets the runbook's step first and the Link removal when Omni refuses it; then
 * the bot waits until the ClusterMachine and Machine are gone and checks `get machines`.
 */
import { formatDuration } from '../../config/parse-duration.js';
import { isMachineId } from '../../omni-model/identifiers.js';
import { describeVm } from '../diagnostics/describe-vm.js';
import { findStuckMachines, type StuckMachine } from '../diagnostics/find-stuck-machines.js';
import type { VmVerdict } from '../diagnostics/match-vms.js';
import { checkQuorum } from '../shared/check-quorum.js';
import type { FleetSnapshot } from '../shared/fleet-snapshot.js';
import { type MachineTarget, type PlanResult, refuse, type Step } from '../shared/plan.js';

export type RemovalInput = {
  fleet: FleetSnapshot;
  machineIds: readonly string[];
  now: Date;
  stuckAfterMs: number;
  timeouts?: { commandMs?: number; waitMs?: number; pollMs?: number };
  // What Proxmox says of each machine's VM, when Proxmox is configured (issue #15).
  vms?: { byMachine: Record<string, VmVerdict>; note?: string; readAt: string };
};

function toTarget(machine: StuckMachine): MachineTarget {
  return {
    kind: 'machine',
    id: machine.id,
    hostname: machine.hostname,
    cluster: machine.cluster,
    role: machine.role,
    stageName: machine.stageName,
    phase: machine.phase,
    finalizers: machine.finalizers,
    connected: machine.connected,
  };
}

function fingerprintOf(targets: MachineTarget[]): string {
  return JSON.stringify(targets.map((t) => [t.id, t.cluster, t.role, t.stageName, t.phase, t.connected]));
}

function stepsFor(ids: readonly string[], timeouts: Required<NonNullable<RemovalInput['timeouts']>>): Step[] {
  const steps: Step[] = [];
  for (const id of ids) {
    steps.push({
      kind: 'omnictl',
      title: `Delete the ClusterMachine (runbook step) for ${id}`,
      args: ['delete', 'clustermachines', id],
      timeoutMs: timeouts.commandMs,
      mutating: true,
      expectFailure: 'read-only',
      cancelLeaves: `the ClusterMachine of ${id} is deleted and the bot no longer checks that the machine is gone`,
    });
    steps.push({
      kind: 'omnictl',
      title: `Remove the machine's Link (only if Omni refused the step before) for ${id}`,
      args: ['cluster', 'machine', 'delete', id, '--force', '-y'],
      timeoutMs: timeouts.commandMs,
      mutating: true,
      onlyIfPreviousRefused: true,
      cancelLeaves: `the Link of ${id} is removed and the bot no longer checks that the machine is gone`,
    });
  }
  steps.push({
    kind: 'wait-gone',
    title: 'Wait until the ClusterMachine and Machine are gone',
    machineIds: [...ids],
    timeoutMs: timeouts.waitMs,
    pollMs: timeouts.pollMs,
  });
  steps.push({
    kind: 'verify-gone',
    title: 'Verify with the runbook’s check',
    args: ['get', 'machines', '-o', 'json'],
    machineIds: [...ids],
  });
  return steps;
}

function utc(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}

// A machine that reboots is unreachable for a while: only STUCK_AFTER of it makes it stuck.
function notYetRemovable(machine: StuckMachine, stuckAfterMs: number): string {
  const limit = `STUCK_AFTER (${formatDuration(stuckAfterMs)})`;
  if (machine.forMs === undefined || machine.removableAt === undefined) {
    return `Machine ${machine.hostname} (${machine.id}) is unreachable, but Omni shows no time for it: the bot cannot tell that it has been unreachable for ${limit} (a rebooting machine is unreachable for a while), so it does not remove it.`;
  }
  return `Machine ${machine.hostname} (${machine.id}) has been unreachable for ${formatDuration(machine.forMs)} only; a rebooting machine is unreachable for a while. It counts as stuck after ${limit}: ask again from ${utc(machine.removableAt)}.`;
}

export function planMachineRemoval(input: RemovalInput): PlanResult {
  const bad = input.machineIds.filter((id) => !isMachineId(id));
  if (bad.length > 0) return refuse(`Not a machine id (UUID): ${bad.join(', ')}`);
  if (input.machineIds.length === 0) return refuse('No machine to remove.');
  const report = findStuckMachines(input.fleet, { now: input.now, stuckAfterMs: input.stuckAfterMs });
  const stuck = new Map(report.stuck.map((m) => [m.id, m]));
  const known = new Set([
    ...input.fleet.clusterMachines.map((m) => m.metadata.id),
    ...input.fleet.clusterMachineStatuses.map((m) => m.metadata.id),
  ]);
  const targets: MachineTarget[] = [];
  for (const id of input.machineIds) {
    if (!known.has(id)) return refuse(`Machine ${id} is not in any cluster in Omni (already removed?).`);
    const machine = stuck.get(id);
    if (!machine) {
      return refuse(
        `Machine ${id} is not stuck: it is neither tearing down for longer than STUCK_AFTER nor unreachable. This procedure only removes stuck machines.`,
      );
    }
    if (!machine.removable) return refuse(notYetRemovable(machine, input.stuckAfterMs));
    targets.push(toTarget(machine));
  }
  const clusters = [...new Set(targets.map((t) => t.cluster))];
  const quorum = checkQuorum(input.fleet, input.machineIds);
  if (quorum.refused) return refuse(quorum.reason);
  const risks = [...quorum.risks];
  if (targets.some((t) => t.connected)) {
    risks.push(
      'A machine in this request is still connected: removing its Link disconnects a live node from Omni.',
    );
  }
  const timeouts = { commandMs: 120_000, waitMs: 300_000, pollMs: 5_000, ...input.timeouts };
  const vmCheck = input.vms && {
    readAt: input.vms.readAt,
    ...(input.vms.note ? { note: input.vms.note } : {}),
    lines: targets.flatMap((t) => {
      const verdict = input.vms?.byMachine[t.id];
      return verdict ? [{ id: t.id, hostname: t.hostname, text: describeVm(verdict) }] : [];
    }),
  };
  // Unreachable to Omni but alive in Proxmox: a network problem, not a destroyed VM.
  const alive = targets.filter((t) => input.vms?.byMachine[t.id]?.kind === 'running');
  const needsOverride =
    alive.length > 0
      ? {
          reason: `Proxmox shows the VM of ${alive.map((t) => t.hostname).join(', ')} still running: ${alive.length === 1 ? 'this machine is' : 'these machines are'} unreachable, not destroyed. Removing ${alive.length === 1 ? 'it' : 'them'} drops live VMs from Omni.`,
        }
      : undefined;
  // A VM that comes back (or goes) between the request and the approval changes the plan.
  const vmFingerprint = input.vms
    ? `|vms:${targets.map((t) => `${t.id}=${input.vms?.byMachine[t.id]?.kind ?? 'none'}`).join(',')}`
    : '';
  return {
    refused: false,
    plan: {
      procedure: 'remove-stuck-machines',
      title:
        targets.length === 1
          ? `Remove stuck machine ${targets[0]?.hostname}`
          : `Remove ${targets.length} stuck machines`,
      cluster: clusters.length === 1 ? (clusters[0] ?? null) : null,
      targets,
      steps: stepsFor(input.machineIds, timeouts),
      risks,
      approvalsNeeded: 1,
      ...(vmCheck ? { vmCheck } : {}),
      ...(needsOverride ? { needsOverride } : {}),
      fingerprint: `${fingerprintOf(targets)}${vmFingerprint}`,
    },
  };
}

/**
 * Nodes that cannot join or label themselves (runbook: "Node Stuck in Reboot Loop").
 * A template that makes a kubelet set `node-role.kubernetes.io/*` (or any label NodeRestriction
 * reserves) leaves the node's label update rejected forever, or the kubelet refusing to start.
 * This names the forbidden labels with file and line, the nodes showing the symptom, and the fix.
 */

import { isJoiningStage } from '../../omni-model/cluster-machine-stage.js';
import { labelText, type MachineRole, OmniLabel, roleOf } from '../../omni-model/labels.js';
import { isConnected } from '../../omni-model/reachability.js';
import type { FleetSnapshot } from '../shared/fleet-snapshot.js';
import { blockingFindings, forbiddenFindings, type LabelFinding } from './check-node-labels.js';
import type { LabelSymptoms } from './find-label-symptoms.js';

export type AffectedNode = {
  id: string;
  hostname: string;
  role: MachineRole;
  evidence: string[];
  keys: string[];
};

export type LabelLoopReport = {
  cluster: string;
  templatePath: string;
  blockers: LabelFinding[];
  warnings: LabelFinding[];
  affected: AffectedNode[];
  fix: string;
  // Logs that could not be read (or were not, past the limit): those nodes may be affected unseen.
  unread: string[];
};

export function diagnoseLabelLoop(input: {
  cluster: string;
  templatePath: string;
  findings: LabelFinding[];
  fix: string;
  fleet: FleetSnapshot;
  symptoms: ReadonlyMap<string, LabelSymptoms>;
  unread?: readonly string[];
}): LabelLoopReport {
  const blockers = blockingFindings(input.findings);
  const forbidden = forbiddenFindings(input.findings);
  const clusterMachines = new Map(input.fleet.clusterMachines.map((m) => [m.metadata.id, m]));
  const affected: AffectedNode[] = [];
  for (const status of input.fleet.clusterMachineStatuses) {
    if (labelText(status.metadata, OmniLabel.cluster) !== input.cluster) continue;
    const id = status.metadata.id;
    const logs = input.symptoms.get(id);
    // Only the node's own logs make it affected: "not ready" has many causes, and the fix
    // removes the node (a control plane too), so a guess must never make it a target.
    if (!logs || logs.count === 0) continue;
    const evidence = [`label update rejected ${logs.count}× in its logs`];
    if (!status.spec.ready && isConnected(status.metadata)) evidence.push('connected but not ready');
    if (isJoiningStage(status.spec.stage)) evidence.push('never finished joining');
    affected.push({
      id,
      hostname: labelText(status.metadata, OmniLabel.hostname) ?? id,
      role: roleOf(status.metadata, clusterMachines.get(id)?.metadata),
      evidence,
      keys: logs.keys,
    });
  }
  return {
    cluster: input.cluster,
    templatePath: input.templatePath,
    blockers,
    warnings: forbidden.filter((f) => f.severity !== 'blocker'),
    affected,
    fix: input.fix,
    unread: [...(input.unread ?? [])],
  };
}

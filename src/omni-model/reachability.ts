/**
 * Whether Omni can reach a machine, by Omni's own rule (notes §3.4): the UI and
 * `omnictl cluster status` call a cluster machine "Unreachable" when its ClusterMachineStatus
 * lacks the `connected` label, except while it is powering on or powered off. Omni sets that
 * label from `Machine.spec.connected` (which mirrors the SideroLink); a MachineStatus carries
 * `disconnected` instead, and a resource carrying both is not taken as connected.
 */
import { isStage } from './cluster-machine-stage.js';
import { hasLabel, type Labels, OmniLabel } from './labels.js';

type Labelled = { labels?: Labels | undefined };

export function isConnected(metadata: Labelled | undefined): boolean {
  return hasLabel(metadata, OmniLabel.connected) && !hasLabel(metadata, OmniLabel.disconnected);
}

type StatusFacts = { metadata: Labelled; spec: { stage: number } };

/** The UI's greyed "Unreachable" for a ClusterMachineStatus. */
function isUnreachable(status: StatusFacts): boolean {
  if (isStage(status.spec.stage, 'POWERING_ON') || isStage(status.spec.stage, 'POWERED_OFF')) return false;
  return !isConnected(status.metadata);
}

/**
 * A cluster machine by its status, or, while Omni has not written a status for it, by the
 * Machine's own `connected` (what the status label would mirror). Neither: nothing says it is lost.
 */
export function isMachineUnreachable(
  status: StatusFacts | undefined,
  machine: { spec: { connected: boolean } } | undefined,
): boolean {
  if (status) return isUnreachable(status);
  return machine !== undefined && !machine.spec.connected;
}

// A plan is data: what will run, on what, and why it is safe enough. The runner executes it as is.
import { OmniLabel } from '../../omni-model/labels.js';
export type OmnictlStep = {
  kind: 'omnictl';
  title: string;
  args: string[];
  timeoutMs: number;
  mutating: boolean;
  // Failures the procedure expects on some Omni versions: recorded, and the run goes on.
  expectFailure?: 'read-only';
  // Runs only when the step before was refused as expected (e.g. the runbook's delete on current Omni).
  onlyIfPreviousRefused?: boolean;
  // What cancelling the run leaves behind once this (mutating) step has run, as a clause: "the
  // cluster is deleted and will not be redeployed"; shown on the status message (cancel-rule.ts).
  cancelLeaves?: string;
};

export type WaitGoneStep = {
  kind: 'wait-gone';
  title: string;
  machineIds: string[];
  timeoutMs: number;
  pollMs: number;
};

export type VerifyGoneStep = { kind: 'verify-gone'; title: string; args: string[]; machineIds: string[] };

export type SshStep = {
  kind: 'ssh';
  title: string;
  // Shown on the card; the runner connects to the configured, pinned host.
  host: string;
  cwd: string;
  argv: string[];
  timeoutMs: number;
  mutating: boolean;
  // Once this step succeeded the host runs what the steps before it changed, so a later failure
  // no longer undoes them (undoing would leave files that disagree with what runs); the verdict
  // says what was kept instead.
  pointOfNoReturn?: boolean;
  cancelLeaves?: string;
};

export type WaitProviderStep = {
  kind: 'wait-provider';
  title: string;
  providerId: string;
  timeoutMs: number;
  pollMs: number;
};

// Obtains the provider's new key and writes it into the env file; the value itself is never in a plan.
export type InstallKeyStep = {
  kind: 'install-provider-key';
  title: string;
  source: 'renew' | 'pasted';
  providerId: string;
  host: string;
  envFile: string;
  timeoutMs: number;
};

// Polls until no ClusterMachine or MachineStatus of the cluster is left (the runbook's `sleep 30`, done right).
export type WaitClusterGoneStep = {
  kind: 'wait-cluster-gone';
  title: string;
  cluster: string;
  timeoutMs: number;
  pollMs: number;
};

export type VerifyNoOrphansStep = { kind: 'verify-no-orphans'; title: string; cluster: string };

export type Step =
  | OmnictlStep
  | WaitGoneStep
  | VerifyGoneStep
  | SshStep
  | WaitProviderStep
  | InstallKeyStep
  | WaitClusterGoneStep
  | VerifyNoOrphansStep;

// What a procedure acts on, by kind: each kind has its own facts and its own line on the card.
export type MachineTarget = {
  kind: 'machine';
  id: string;
  hostname: string;
  cluster: string;
  role: string;
  stageName: string;
  phase: string;
  finalizers: string[];
  connected: boolean;
};

export type ClusterTarget = {
  kind: 'cluster';
  // The cluster's name.
  id: string;
  // The template, by the path operators know.
  template: string;
  // What it is now, e.g. "6 machines", "2 resource(s) differ", "in sync".
  state: string;
  // What the procedure does to it, when more than the title says (e.g. "deleted and redeployed").
  change?: string;
};

export type ProviderTarget = {
  kind: 'provider';
  id: string;
  name: string;
  connected: boolean;
  // When Omni last heard from it (ISO), or null when never.
  lastHeartbeat: string | null;
};

export type Target = MachineTarget | ClusterTarget | ProviderTarget;

export type Plan = {
  procedure: string;
  title: string;
  cluster: string | null;
  targets: Target[];
  steps: Step[];
  risks: string[];
  approvalsNeeded: number;
  // The approver overrides a cooldown by approving (the card says so on the button).
  cooldownOverride?: boolean;
  // The approver must paste a secret (in a modal) as part of approving.
  needsSecret?: boolean;
  // What the approver should read before saying yes (a template diff, secrets hidden), shown on the
  // card and, when long, in full in the request's thread.
  preview?: string;
  // The read-only copy of the template and its patch files that every step reads (`-f`).
  templateSnapshot?: TemplateSnapshotRef;
  // What Proxmox said of the targets' VMs, and when (issue #15); absent when Proxmox is not configured.
  vmCheck?: { readAt: string; note?: string; lines: { id: string; hostname: string; text: string }[] };
  // A plain Approve is refused; only an explicit "Remove anyway" runs it, audited (a VM still running).
  needsOverride?: { reason: string };
  // Equal fingerprints mean the world still looks as it did when the plan was approved.
  fingerprint: string;
  // A resumed run's plan: the steps not yet run of the plan it continues, from step `at` (0-based)
  // of that plan; `cancelLeaves` when a destructive step already ran before (cancel-rule.ts).
  resumed?: { at: number; cancelLeaves?: string };
};

// A template snapshot as a plan carries it: its hash and each file's, by the path operators know.
export type TemplateSnapshotRef = { hash: string; files: { path: string; sha256: string }[] };

// What a template procedure is planned from: the snapshot (`path` is the template inside it) and,
// when shown to the approver, the diff (`text` with secrets hidden, `sha256` of what omnictl printed).
export type TemplateSource = TemplateSnapshotRef & { path: string; shownPath: string };
export type TemplateDiff = { text: string; sha256: string };

export type Refusal = { refused: true; reason: string };
export type PlanResult = { refused: false; plan: Plan } | Refusal;

export function refuse(reason: string): Refusal {
  return { refused: true, reason };
}

export function commandLine(step: Step): string {
  switch (step.kind) {
    case 'omnictl':
    case 'verify-gone':
      return `omnictl ${step.args.join(' ')}`;
    case 'wait-gone':
      return `poll omnictl get clustermachines / machines until ${step.machineIds.length === 1 ? 'it is' : 'they are'} gone (at most ${Math.round(step.timeoutMs / 1000)}s)`;
    case 'ssh':
      return `ssh ${step.host} 'cd ${step.cwd} && ${step.argv.join(' ')}'`;
    case 'wait-provider':
      return `poll omnictl get infraprovidercombinedstatuses until ${step.providerId} is connected (at most ${Math.round(step.timeoutMs / 1000)}s)`;
    case 'wait-cluster-gone':
      return `poll omnictl get clustermachines,machinestatuses -l ${OmniLabel.cluster}=${step.cluster} until none is left (at most ${Math.round(step.timeoutMs / 1000)}s)`;
    case 'verify-no-orphans':
      return `omnictl get clustermachines -o json (no ClusterMachine of ${step.cluster} may be left)`;
    case 'install-provider-key':
      return step.source === 'renew'
        ? `omnictl infraprovider renewkey ${step.providerId}; save the new key as ${step.host}:${step.envFile}.new-key-<time>, then write it into ${step.envFile} over SFTP (mode 600, backup kept)`
        : `save the pasted key as ${step.host}:${step.envFile}.new-key-<time>, then write it into ${step.envFile} over SFTP (mode 600, backup kept)`;
  }
}

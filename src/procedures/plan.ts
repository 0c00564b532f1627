// A plan is data: what will run, on what, and why it is safe enough. The runner executes it as is.
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
};

export type WaitGoneStep = {
  kind: 'wait-gone';
  title: string;
  machineIds: string[];
  timeoutMs: number;
  pollMs: number;
};

export type VerifyGoneStep = { kind: 'verify-gone'; title: string; args: string[]; machineIds: string[] };

export type Step = OmnictlStep | WaitGoneStep | VerifyGoneStep;

export type Target = {
  id: string;
  hostname: string;
  cluster: string;
  role: string;
  stageName: string;
  phase: string;
  finalizers: string[];
  connected: boolean;
};

export type Plan = {
  procedure: string;
  title: string;
  cluster: string | null;
  targets: Target[];
  steps: Step[];
  risks: string[];
  approvalsNeeded: number;
  // Equal fingerprints mean the world still looks as it did when the plan was approved.
  fingerprint: string;
};

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
  }
}

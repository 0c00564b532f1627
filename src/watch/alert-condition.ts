// What the watcher finds wrong in the fleet, as data: detected (pure), planned (pure), posted (IO).

export type ConditionKind =
  | 'stuck-teardown'
  | 'machine-unreachable'
  | 'provider-disconnected'
  | 'provider-key'
  | 'cluster-not-ready'
  | 'machine-request-failed'
  | 'node-label-loop'
  | 'omni-unavailable'
  | 'orphan-vm';

export const CONDITION_KINDS: readonly ConditionKind[] = [
  'stuck-teardown',
  'machine-unreachable',
  'provider-disconnected',
  'provider-key',
  'cluster-not-ready',
  'machine-request-failed',
  'node-label-loop',
  'omni-unavailable',
  'orphan-vm',
];

/** The read-only `/omni` command the alert's Diagnose button runs. */
export type DiagnoseCommand = 'stuck-machines' | 'provider-status' | 'reboot-loop' | 'drift';

const DIAGNOSE_COMMANDS: readonly DiagnoseCommand[] = [
  'stuck-machines',
  'provider-status',
  'reboot-loop',
  'drift',
];

export type AlertCondition = {
  condition: ConditionKind;
  /** Machine UUID, provider id, cluster name, machine request id, or `omni`. */
  resource: string;
  cluster?: string;
  /** One line, free of durations: when it changes while the alert is open, the change is threaded. */
  summary: string;
  /** When it began by Omni's own timestamps; set only where that time is trustworthy. */
  since?: string;
  /** How long it must hold before it alerts; the planner's grace period when absent. */
  holdMs?: number;
  /** JSON-safe facts the message shows (hostname, stage, hints, …). */
  detail: Record<string, unknown>;
  diagnose: DiagnoseCommand;
  /** An error worth keeping after Omni clears it (a FAILED machine request retried). */
  lastError?: string;
};

/** What an alert is about: a person reads one message per subject, listing every condition it is in. */
type SubjectKind = 'machine' | 'cluster' | 'provider' | 'machine-request' | 'omni' | 'vm';

const SUBJECT_KIND: Record<ConditionKind, SubjectKind> = {
  'stuck-teardown': 'machine',
  'machine-unreachable': 'machine',
  'node-label-loop': 'machine',
  'cluster-not-ready': 'cluster',
  'provider-disconnected': 'provider',
  'provider-key': 'provider',
  'machine-request-failed': 'machine-request',
  'omni-unavailable': 'omni',
  'orphan-vm': 'vm',
};

// Conditions of one subject share its resource id (a machine UUID, a cluster name, a provider id).
export function subjectOf(condition: { condition: string; resource: string }): string {
  const kind = isConditionKind(condition.condition) ? SUBJECT_KIND[condition.condition] : condition.condition;
  return `${kind}:${condition.resource}`;
}

export function fingerprintOf(condition: { condition: string; resource: string }): string {
  return `${condition.condition}:${condition.resource}`;
}

function isConditionKind(text: string): text is ConditionKind {
  return (CONDITION_KINDS as readonly string[]).includes(text);
}

export function isDiagnoseCommand(text: string): text is DiagnoseCommand {
  return (DIAGNOSE_COMMANDS as readonly string[]).includes(text);
}

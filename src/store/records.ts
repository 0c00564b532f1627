import type { Plan } from '../procedures/shared/plan.js';

// Rows as the rest of the bot sees them; JSON columns are parsed (the plan against its schema),
// booleans are booleans.
export type RequestStatus =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'refused'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'interrupted'
  | 'cancelled';

export type RequestRecord = {
  id: string;
  procedure: string;
  params: unknown;
  plan: Plan;
  planFingerprint: string;
  cluster: string | null;
  requester: string;
  reason: string;
  channel: string;
  cardTs: string | null;
  status: RequestStatus;
  approvalsNeeded: number;
  dryRun: boolean;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  outcome: string | null;
  // A resume: the interrupted run it continues.
  resumesRun?: string | null;
};

// `starting`: created by the approval that claimed the request (its lock taken in the same
// transaction) while the approval's re-plan runs; `refused`: that re-plan refused it, nothing ran.
// A run that never left `starting` because the bot stopped is closed as `interrupted` at start-up.
export type RunStatus =
  | 'starting'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'interrupted'
  | 'cancelled'
  | 'refused';

export type RunRecord = {
  id: string;
  requestId: string;
  cluster: string | null;
  status: RunStatus;
  channel: string;
  threadTs: string | null;
  statusTs: string | null;
  startedAt: string;
  finishedAt: string | null;
  summary: string | null;
  // Several replicas (issue #16): the replica running it and its last heartbeat (null on a run
  // inserted without an owner), and a cancel asked from any replica. Always read from the store;
  // optional so that records built by hand (views, samples) need not name them.
  owner?: string | null;
  heartbeatAt?: string | null;
  cancelRequested?: { by: string; at: string } | null;
};

export type StepStatus = 'running' | 'ok' | 'failed' | 'skipped' | 'interrupted' | 'refused-expected';

export type StepRecord = {
  runId: string;
  idx: number;
  title: string;
  command: string;
  status: StepStatus;
  exitCode: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  outputTail: string | null;
  // A wait step's deadline (ISO), stored when it starts.
  deadline?: string | null;
};

export type AuditEntry = {
  id: number;
  at: string;
  actor: string;
  action: string;
  requestId: string | null;
  runId: string | null;
  detail: Record<string, unknown>;
};

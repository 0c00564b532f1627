import type { Logger } from 'pino';
import type { AccessConfig } from '../approvals/access-policy.js';
import type { Notifier } from '../notify/notifier.js';
import type { PlanResult } from '../procedures/shared/plan.js';
import type { RunnerDeps } from '../runner/run-plan.js';
import type { Store } from '../store/create-store.js';
import type { Leasing } from './run-lease.js';

// A procedure the approval flow can re-plan from its stored parameters at approval time.
export type ProcedureDef = {
  name: string;
  plan(params: unknown, signal?: AbortSignal): Promise<PlanResult>;
};

// The parts the approval flow's use cases are made of; each use case asks only for the parts it
// reads (below), and ApprovalDeps is all of them, as start-bot.ts builds it.

// Where requests, runs and their audit rows are kept, and the time they are stamped with.
export type Ledger = { store: Store; clock: () => Date };

// Telling people (cards, threads) and the bot log.
export type Telling = { notifier: Notifier; logger: Logger };

// Counters for /metrics; optional so tests of the flow need not care.
export type Observe = {
  observe?: {
    decision(e: {
      procedure: string;
      decision: 'approved' | 'rejected' | 'expired' | 'refused';
      requestedAt: Date;
      decidedAt: Date;
    }): void;
    run(e: {
      procedure: string;
      status: 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
      durationMs: number;
    }): void;
  };
};

// Who may request and approve, and the bot's mode now: new requests are made in it; a request
// made in the other is not approvable. A run never reads it: it runs in its request's mode.
export type Policy = { access: AccessConfig; dryRun: boolean };

// The procedures, to plan a request and to plan it again when it is approved.
export type Planning = { procedures: Readonly<Record<string, ProcedureDef>> };

export type Running = {
  runner: RunnerDeps;
  // Runs in flight in this process, so a thread's Cancel button can reach them.
  active: Map<string, AbortController>;
  // Aborted when the bot stops: runs finish their current step and start no other.
  drain?: AbortSignal;
  // Settles when the run ends; shutdown waits for these.
  inFlight?: Set<Promise<unknown>>;
} & Leasing;

// requestProcedure: plans, records and announces a request.
export type RequestDeps = Ledger & Telling & Policy & Planning & { approvalTtlMs: number };
// executeRun: runs an approved plan, writing and telling each step.
export type RunDeps = Ledger & Telling & Observe & Omit<Running, 'inFlight'>;
// approveRequest and resumeRun: claim, re-plan, then run.
export type ApproveDeps = RunDeps & Policy & Planning & Pick<Running, 'inFlight'>;
// rejectRequest.
export type RejectDeps = Ledger & Observe & Pick<Policy, 'access'> & Pick<Telling, 'notifier'>;
// cancelRun: reaches the run in flight, here or (through the database) on the replica running it;
// tells nobody itself (the run's end does).
export type CancelDeps = Ledger &
  Pick<Policy, 'access'> &
  Pick<Running, 'active'> &
  Pick<Leasing, 'replicaId' | 'takeoverAfterMs'>;
// sweepExpired.
export type SweepDeps = Ledger & Observe & Pick<Telling, 'notifier'>;
// At start-up: recoverInterrupted and releaseStaleLocks; on the lease timer: takeOverStaleRuns.
export type StartupDeps = Ledger & Telling & Pick<Leasing, 'replicaId' | 'takeoverAfterMs'>;

export type ApprovalDeps = ApproveDeps & RequestDeps;

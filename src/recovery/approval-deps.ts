import type { Logger } from 'pino';
import type { AccessConfig } from '../approvals/access-policy.js';
import type { Notifier } from '../notify/notifier.js';
import type { PlanResult } from '../procedures/shared/plan.js';
import type { RunnerDeps } from '../runner/run-plan.js';
import type { Store } from '../store/create-store.js';

// A procedure the approval flow can re-plan from its stored parameters at approval time.
export type ProcedureDef = {
  name: string;
  plan(params: unknown, signal?: AbortSignal): Promise<PlanResult>;
};

export type ApprovalDeps = {
  store: Store;
  access: AccessConfig;
  clock: () => Date;
  approvalTtlMs: number;
  // The bot's mode now: new requests are made in it; a request made in the other is not approvable.
  // A run never reads it: it runs in its request's mode.
  dryRun: boolean;
  notifier: Notifier;
  procedures: Readonly<Record<string, ProcedureDef>>;
  runner: RunnerDeps;
  logger: Logger;
  // Counters for /metrics; optional so tests of the flow need not care.
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
  // Runs in flight in this process, so a thread's Cancel button can reach them.
  active: Map<string, AbortController>;
  // Aborted when the bot stops: runs finish their current step and start no other.
  drain?: AbortSignal;
  // Settles when the run ends; shutdown waits for these.
  inFlight?: Set<Promise<unknown>>;
};

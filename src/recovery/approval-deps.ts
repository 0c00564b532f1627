import type { Logger } from 'pino';
import type { AccessConfig } from '../approvals/access-policy.js';
import type { PlanResult } from '../procedures/plan.js';
import type { RunnerDeps } from '../runner/run-plan.js';
import type { Store } from '../store/create-store.js';
import type { Announcer } from './announcer.js';

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
  dryRun: boolean;
  announcer: Announcer;
  procedures: Readonly<Record<string, ProcedureDef>>;
  runner: RunnerDeps;
  logger: Logger;
  // Runs in flight in this process, so a thread's Cancel button can reach them.
  active: Map<string, AbortController>;
};

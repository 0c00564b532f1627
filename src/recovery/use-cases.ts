import type { Actor } from '../approvals/access-policy.js';
import type { ProviderAssessment } from '../procedures/diagnostics/assess-provider.js';
import type { LabelLoopReport } from '../procedures/diagnostics/diagnose-label-loop.js';
import type { DriftReport } from '../procedures/diagnostics/find-drift.js';
import type { StuckMachinesReport } from '../procedures/diagnostics/find-stuck-machines.js';
import type { StatusSummary } from '../procedures/diagnostics/summarise-status.js';
import type { ProcedureName } from '../procedures/registry.js';
import type { ApprovalResult } from './approve-request.js';
import type { Cancelling } from './cancel-run.js';
import type { Freeze } from './freeze/freeze-state.js';
import type { HistoryEntry } from './list-history.js';
import type { Outcome } from './outcome.js';
import type { ResumeResult } from './resume-run.js';
import type { TimelineDocument } from './timeline/read-timeline.js';
import type { TimelineSubject } from './timeline/timeline-subject.js';

// The use cases the chat layer may call; it knows nothing of how they are carried out.
export type UseCases = {
  stuckMachines(input: { cluster?: string }): Promise<Outcome<StuckMachinesReport>>;
  requestRemoval(input: {
    actor: Actor;
    channel: string;
    machineIds: string[];
    reason: string;
  }): Promise<Outcome<{ requestId: string }>>;
  requestRemovalOfAllStuck(input: {
    actor: Actor;
    channel: string;
    cluster?: string;
  }): Promise<Outcome<{ requestId: string }>>;
  approve(
    requestId: string,
    actor: Actor,
    secret?: string,
    options?: { override?: boolean },
  ): Promise<Outcome<ApprovalResult>>;
  providerStatus(): Promise<Outcome<ProviderAssessment>>;
  status(input: { cluster?: string }): Promise<Outcome<StatusSummary>>;
  labelLoop(input: { cluster?: string }): Promise<Outcome<LabelLoopReport[]>>;
  drift(input: { cluster?: string }): Promise<Outcome<DriftReport>>;
  requestProcedure(input: {
    actor: Actor;
    channel: string;
    procedure: RequestableProcedure;
    params: unknown;
    reason: string;
  }): Promise<Outcome<{ requestId: string }>>;
  // What refuses a recover-cluster request without asking Omni (who may request, the template),
  // checked before the dialog opens so nobody types a name and a reason for nothing.
  recoverClusterPrecheck(input: { actor: Actor; cluster: string }): Promise<Outcome<'ok'>>;
  reject(requestId: string, actor: Actor): Promise<Outcome<'rejected'>>;
  cancelRun(runId: string, actor: Actor): Promise<Outcome<Cancelling>>;
  // Runs the steps an interrupted run did not finish, after one approver's click.
  resumeRun(runId: string, actor: Actor): Promise<Outcome<ResumeResult>>;
  history(limit: number): Promise<HistoryEntry[]>;
  permissions(actor: Actor): { canRequest: boolean; canApprove: boolean };
  // The change freeze (issue #18): approvers only; the state fails closed (unreadable = frozen).
  freeze(actor: Actor, reason: string): Promise<Outcome<Freeze>>;
  unfreeze(actor: Actor): Promise<Outcome<Freeze>>;
  freezeState(): Promise<Freeze | undefined>;
  timeline(subject: TimelineSubject, sinceMs?: number): Promise<Outcome<TimelineDocument>>;
};

// A procedure requested by name (procedures/registry.ts).
export type RequestableProcedure = ProcedureName;

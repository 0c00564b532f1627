import type { Plan } from '../procedures/shared/plan.js';
import type { RunEvent, RunResult } from '../runner/run-events.js';
import type { RequestRecord, RunRecord, StepRecord } from '../store/records.js';

// How the use cases tell people what happens; the Slack layer implements it (cards, threads, incident channel).
export type Announcer = {
  // Posts the approval card; the caller records its ts before anything else can happen.
  requestCreated(request: RequestRecord, plan: Plan): Promise<{ cardTs?: string }>;
  requestAnnounced(request: RequestRecord, plan: Plan): Promise<void>;
  approvalRecorded(request: RequestRecord, plan: Plan, approvedBy: readonly string[]): Promise<void>;
  // `reason` is text (never mrkdwn): the Slack layer escapes it. `mentions`: the Slack users the
  // reason names as `<@U…>` (the rejecting approver), shown as mentions.
  requestClosed(
    request: RequestRecord,
    plan: Plan,
    reason: string,
    mentions?: readonly string[],
  ): Promise<void>;
  // A line in the request's thread that changes nothing else (the card keeps its last state).
  threadNote(request: RequestRecord, text: string): Promise<void>;
  runStarted(request: RequestRecord, plan: Plan, run: RunRecord): Promise<{ statusTs?: string }>;
  runProgress(request: RequestRecord, plan: Plan, run: RunRecord, event: RunEvent): void;
  runFinished(request: RequestRecord, plan: Plan, run: RunRecord, result: RunResult): Promise<void>;
  runInterrupted(request: RequestRecord, plan: Plan, run: RunRecord, steps: StepRecord[]): Promise<void>;
};

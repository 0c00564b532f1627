import type { Plan } from '../procedures/shared/plan.js';
import type { RunResult, StepState } from '../runner/run-events.js';
import type { StepStatus } from '../store/records.js';

/** What a notice says of its request: the facts a message about it shows, not the stored row. */
export type RequestFacts = {
  id: string;
  requester: string;
  /** Text from the requester (never mrkdwn). */
  reason: string;
  channel: string;
  /** The approval card: its thread is the request's thread. */
  cardTs: string | null;
  approvalsNeeded: number;
  dryRun: boolean;
  expiresAt: string;
  /** Who took the decision that closed it or made it run. */
  decidedBy: string | null;
};

export type RunFacts = {
  id: string;
  channel: string;
  /** The request's thread, where the run's messages go. */
  threadTs: string | null;
};

/** A step as the store kept it when the bot stopped mid-run. */
export type StepOutcome = { idx: number; title: string; status: StepStatus; exitCode: number | null };

/** What recovery tells people of a request and its run. Plain data: rendering is the notifier's. */
export type Notice =
  /** The approval card; its ts is recorded before anything else can happen to the request. */
  | { kind: 'request-opened'; request: RequestFacts; plan: Plan }
  /** Once the card's ts is recorded: the whole diff in its thread, the incident channel. */
  | { kind: 'request-announced'; request: RequestFacts; plan: Plan }
  /** One approval of several: the card shows who approved. */
  | { kind: 'approval-recorded'; request: RequestFacts; plan: Plan; approvedBy: readonly string[] }
  /**
   * Closed without a run (rejected, expired, refused). `reason` is text, never mrkdwn; `mentions`:
   * the users the reason names as `<@U…>`, shown as mentions.
   */
  | {
      kind: 'request-closed';
      request: RequestFacts;
      plan: Plan;
      reason: string;
      mentions?: readonly string[];
    }
  /** A line in the request's thread that changes nothing else (the card keeps its last state). */
  | { kind: 'thread-note'; request: RequestFacts; text: string }
  /** The card says running; the status message is posted (its ts is the answer). */
  | { kind: 'run-started'; request: RequestFacts; plan: Plan; run: RunFacts; steps: readonly StepState[] }
  /** Each step as it is now; a notifier may show only the latest of several. Never awaited. */
  | { kind: 'run-progress'; request: RequestFacts; plan: Plan; run: RunFacts; steps: readonly StepState[] }
  | {
      kind: 'run-finished';
      request: RequestFacts;
      plan: Plan;
      run: RunFacts;
      steps: readonly StepState[];
      result: RunResult;
    }
  /**
   * Found at start-up (the bot stopped during the run), or by a replica taking over the run of
   * another that stopped heartbeating (issue #16): then `stoppedAnswering` names that replica and
   * its last heartbeat.
   */
  | {
      kind: 'run-interrupted';
      request: RequestFacts;
      plan: Plan;
      run: RunFacts;
      steps: readonly StepOutcome[];
      stoppedAnswering?: { replica: string; at: string };
    };

/** The message a notice posted that later notices refer to (a card, a status message, an alert). */
export type Posted = { ts?: string };

/**
 * How the use cases tell people what happens; the Slack layer implements it, with the watcher's
 * port (watch/alert-notice.ts) on the same object. Trouble delivering never throws, except for
 * `request-opened`: a request nobody can see to approve must fail.
 */
export type Notifier = {
  notify(notice: Notice): Promise<Posted>;
};

import type { RunResult } from '../runner/run-events.js';
import type { RequestRecord, RunRecord } from '../store/records.js';
import type { RunCondition } from '../store/run-store.js';
import type { Ledger, Telling } from './approval-deps.js';

/**
 * How a request and its run move from state to state, each move with its audit row in the same
 * transaction, and how a closed request is told. The use cases decide *whether* to move; this
 * module is the one place that knows *what* a move writes.
 */
export type LifecycleDeps = Ledger;

// A pending request closed without running: `expired` by the sweep, `refused` because the bot's
// mode changed since it was made.
export async function closePending(
  deps: LifecycleDeps,
  requestId: string,
  how: { status: 'expired' | 'refused'; reason: string; action: string; detail?: Record<string, unknown> },
): Promise<boolean> {
  const at = deps.clock().toISOString();
  return deps.store.transaction(async (tx) => {
    if (!(await tx.requests.transition(requestId, 'pending', how.status, how.reason))) return false;
    await tx.audit.append({ at, actor: 'bot', action: how.action, requestId, detail: how.detail ?? {} });
    return true;
  });
}

// A pending request rejected by `actor`: the claim, the decision and its audit row land together.
export async function rejectPending(
  deps: LifecycleDeps,
  requestId: string,
  decision: { actor: string; note: string; at: Date },
): Promise<boolean> {
  const { actor, note } = decision;
  const at = decision.at.toISOString();
  return deps.store.transaction(async (tx) => {
    if (!(await tx.requests.claim(requestId, 'rejected', actor, at))) return false;
    await tx.decisions.record({ requestId, actor, decision: 'reject', note, at });
    await tx.audit.append({ at, actor, action: 'request.rejected', requestId, detail: { note } });
    return true;
  });
}

export type Unstarted = {
  // `refused`: the approval's re-plan refused it; `interrupted`: the bot stopped (or failed) first.
  status: 'refused' | 'interrupted';
  reason: string;
  // The audit line that says why: `request.refused`, `lock.released`, `run.not-started`.
  action: string;
  detail?: Record<string, unknown>;
  // Closes it only while its row is still so (its owner, a stale heartbeat): a takeover's guard.
  only?: RunCondition;
};

/**
 * Closes, in one transaction, a run that never reached its first step: the run (if its row exists),
 * its approved request, and its lock. A run that did start is left alone: only its own end, or the
 * start-up's interrupted-run pass, may release its lock. Returns whether the request was closed here.
 */
export async function closeUnstartedRun(
  deps: LifecycleDeps,
  run: { id: string; requestId: string | undefined },
  how: Unstarted,
): Promise<boolean> {
  const at = deps.clock().toISOString();
  return deps.store.transaction(async (tx) => {
    const row = await tx.runs.get(run.id);
    if (row && row.status !== 'starting') return false;
    // The conditional update decides, not the read: of replicas closing it at once, one does.
    if (row && !(await tx.runs.closeUnstarted(run.id, how.status, at, how.reason, how.only))) return false;
    const closed =
      run.requestId !== undefined &&
      (await tx.requests.transition(run.requestId, 'approved', how.status, how.reason));
    await tx.locks.releaseRun(run.id);
    await tx.audit.append({
      at,
      actor: 'bot',
      action: how.action,
      requestId: run.requestId,
      runId: run.id,
      detail: { reason: how.reason, ...how.detail },
    });
    return closed;
  });
}

// The run created `starting` by the claim starts its steps now; throws when it no longer may.
export async function startRun(
  deps: LifecycleDeps,
  request: RequestRecord,
  runId: string,
  at: string,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    if (!(await tx.runs.start(runId, at))) throw new Error(`run ${runId} is no longer starting`);
    await tx.requests.transition(request.id, 'approved', 'running');
    await tx.audit.append({
      at,
      actor: 'bot',
      action: 'run.started',
      requestId: request.id,
      runId,
      detail: { dryRun: request.dryRun },
    });
  });
}

// A run that ran its course: the run and its request take its status, its lock goes. False, with
// nothing written, when the run was no longer running: another replica took it over (issue #16).
export async function finishRun(
  deps: LifecycleDeps,
  requestId: string,
  runId: string,
  result: RunResult,
  at: string,
): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    if (!(await tx.runs.finish(runId, result.status, at, result.verdict))) return false;
    await tx.requests.transition(requestId, 'running', result.status, result.verdict);
    await tx.locks.releaseRun(runId);
    await tx.audit.append({
      at,
      actor: 'bot',
      action: 'run.finished',
      requestId,
      runId,
      detail: { status: result.status, verdict: result.verdict },
    });
    return true;
  });
}

/**
 * A run `running` whose process died (found at start-up, or taken over from a replica that stopped
 * heartbeating): it, its step in progress and its request are interrupted and its lock goes, in one
 * transaction whose first write is the conditional update: the run still running (and, with `only`,
 * still owned by the dead replica and still stale). Of several replicas doing this at once exactly
 * one wins; the others write nothing. Returns whether this one won.
 */
export async function interruptRun(
  deps: LifecycleDeps,
  run: RunRecord,
  reason: string,
  how: { only?: RunCondition; action?: string; detail?: Record<string, unknown> } = {},
): Promise<boolean> {
  const at = deps.clock().toISOString();
  return deps.store.transaction(async (tx) => {
    if (!(await tx.runs.finish(run.id, 'interrupted', at, reason, how.only))) return false;
    await tx.runs.interruptSteps(run.id, at);
    await tx.requests.transition(run.requestId, 'running', 'interrupted', reason);
    await tx.locks.releaseRun(run.id);
    await tx.audit.append({
      at,
      actor: 'bot',
      action: how.action ?? 'run.interrupted',
      requestId: run.requestId,
      runId: run.id,
      detail: how.detail ?? {},
    });
    return true;
  });
}

// Tells the request's card and thread it is closed, from the request as stored now.
export async function announceClosed(
  deps: Pick<Ledger, 'store'> & Pick<Telling, 'notifier'>,
  requestId: string,
  reason: string,
  mentions?: readonly string[],
): Promise<void> {
  const request = (await deps.store.requests.get(requestId))!;
  await deps.notifier.notify({
    kind: 'request-closed',
    request,
    plan: request.plan,
    reason,
    ...(mentions ? { mentions } : {}),
  });
}

// Tells an interrupted run's thread and card, from the run and its steps as stored now; with
// `stoppedAnswering`, the replica whose silence interrupted it (a takeover).
export async function announceInterrupted(
  deps: Pick<Ledger, 'store'> & Pick<Telling, 'notifier'>,
  request: RequestRecord,
  runId: string,
  stoppedAnswering?: { replica: string; at: string },
): Promise<void> {
  await deps.notifier.notify({
    kind: 'run-interrupted',
    request,
    plan: request.plan,
    run: (await deps.store.runs.get(runId))!,
    steps: await deps.store.runs.steps(runId),
    ...(stoppedAnswering ? { stoppedAnswering } : {}),
  });
}

import { type Actor, canApprove, countedApprovals, modeRefusal } from '../approvals/access-policy.js';
import { OmniError } from '../omni/omni-error.js';
import { explainPlanChange } from '../procedures/shared/explain-plan-change.js';
import type { Plan } from '../procedures/shared/plan.js';
import type { LockHolder } from '../store/cluster-locks.js';
import type { RequestRecord } from '../store/records.js';
import type { ApproveDeps } from './approval-deps.js';
import { executeRun } from './execute-run.js';
import { describeFreeze, freezeMentions, readFreeze } from './freeze/freeze-state.js';
import { describeLock, lockKeyFor } from './lock-key-for.js';
import { newId } from './new-id.js';
import { fail, type Outcome, succeed } from './outcome.js';
import { announceClosed, closePending, closeUnstartedRun } from './request-lifecycle.js';
import { holdRunLease } from './run-lease.js';

// A refusal is never a result: it comes back as a failed Outcome, kind `refused` when the request
// was closed for it (the bot's mode changed, Omni changed since the request).
export type ApprovalResult =
  | { state: 'running'; runId: string; request: RequestRecord }
  | { state: 'awaiting-more'; approvedBy: string[]; needed: number }
  | { state: 'needs-secret'; requestId: string };

type Claim =
  | { kind: 'claimed'; request: RequestRecord; runId: string }
  | { kind: 'awaiting'; request: RequestRecord; approvedBy: string[] }
  | { kind: 'denied'; message: string; problemKind: string; mentions?: string[] }
  | { kind: 'mode-changed'; request: RequestRecord; reason: string }
  | { kind: 'needs-secret' }
  | { kind: 'locked'; holder: LockHolder };

function alreadyDecided(request: RequestRecord): string {
  const by = request.decidedBy ? ` by <@${request.decidedBy}>` : '';
  if (request.status === 'pending') return 'This request is still pending.';
  if (request.status === 'expired')
    return 'This request has expired; nothing will run. Ask for it again if it is still needed.';
  return `This request was already ${request.status === 'rejected' ? 'rejected' : 'approved'}${by}.`;
}

// One transaction: of any number of concurrent clicks (on any replica) exactly one claims the
// request, takes its lock and creates its run (`starting`). Nothing slow (Omni, Slack) happens in
// it: it holds the request's row until it ends.
// Exported as claimApproval for bench/claim-throughput.ts, which measures it as approvals run it.
async function claim(
  deps: ApproveDeps,
  requestId: string,
  actor: Actor,
  hasSecret: boolean,
  override: boolean,
): Promise<Claim> {
  return deps.store.transaction(async (tx): Promise<Claim> => {
    // Every read and write of the claim goes through `tx`, helpers' included.
    const inTx = { ...deps, store: tx };
    // Held until the transaction ends (on PostgreSQL), so concurrent clicks decide one after another.
    const request = await tx.requests.getForUpdate(requestId);
    // A change freeze (or a freeze state that cannot be read) refuses every approval (issue #18); read once
    // the request is held, so a freeze set while this click waited for it counts.
    const frozen = await readFreeze(inTx);
    if (frozen)
      return {
        kind: 'denied',
        problemKind: 'frozen',
        message: `${describeFreeze(frozen, { mention: true })}. Nothing ran; approve again after /omni unfreeze.`,
        mentions: freezeMentions(frozen),
      };
    if (!request)
      return {
        kind: 'denied',
        problemKind: 'unknown',
        message: 'This request does not exist (or no longer exists).',
      };
    if (request.status !== 'pending')
      return {
        kind: 'denied',
        problemKind: 'already-decided',
        message: alreadyDecided(request),
        mentions: request.decidedBy ? [request.decidedBy] : [],
      };
    const now = deps.clock();
    const approvedBy = await tx.decisions.approvers(requestId);
    const decision = canApprove(deps.access, actor, { ...request, now, approvedBy });
    if (!decision.allowed) return { kind: 'denied', problemKind: 'denied', message: decision.reason };
    // The request can never run as its card said in this mode: it is closed, not left to expire.
    const wrongMode = modeRefusal(request.dryRun, deps.dryRun);
    if (wrongMode !== undefined) {
      await closePending(inTx, requestId, {
        status: 'refused',
        reason: wrongMode,
        action: 'request.refused',
        detail: {
          reason: wrongMode,
          clickedBy: actor.userId,
          dryRun: request.dryRun,
          botDryRun: deps.dryRun,
        },
      });
      return { kind: 'mode-changed', request: (await tx.requests.get(requestId))!, reason: wrongMode };
    }
    // Proxmox says a target is alive: only an explicit "Remove anyway" may go on, and it is audited.
    const needsOverride = request.plan.needsOverride;
    if (needsOverride && !override)
      return {
        kind: 'denied',
        problemKind: 'needs-override',
        message: `${needsOverride.reason} Nothing ran. If you are sure, press Remove anyway on the card.`,
      };
    if (needsOverride)
      await tx.audit.append({
        at: now.toISOString(),
        actor: actor.userId,
        action: 'request.override',
        requestId,
        detail: { reason: needsOverride.reason },
      });
    // The approver supplies the secret as part of saying yes; without it nothing is recorded yet.
    if (request.plan.needsSecret && !hasSecret) return { kind: 'needs-secret' };
    const approvers = countedApprovals(request, [...approvedBy, actor.userId]);
    const complete = approvers.length >= request.approvalsNeeded;
    const runId = newId('run');
    // Take the lock before recording the yes, so a refused approval leaves nothing behind.
    const lockKey = complete ? lockKeyFor(request) : null;
    if (lockKey !== null) {
      const lock = await tx.locks.acquire(lockKey, runId, actor.userId, now.toISOString());
      if (!lock.acquired) return { kind: 'locked', holder: lock.heldBy };
    }
    await tx.decisions.record({
      requestId,
      actor: actor.userId,
      decision: 'approve',
      note: '',
      at: now.toISOString(),
    });
    await tx.audit.append({
      at: now.toISOString(),
      actor: actor.userId,
      action: 'request.approval',
      requestId,
      detail: { approvals: approvers.length, needed: request.approvalsNeeded },
    });
    if (!complete) return { kind: 'awaiting', request, approvedBy: approvers };
    if (!(await tx.requests.claim(requestId, 'approved', actor.userId, now.toISOString()))) {
      throw new Error(`request ${requestId} changed inside its own transaction`);
    }
    // The run exists from the moment its lock does, `starting` until the re-plan lets it run: no
    // crash or error can leave a lock without a run that start-up can find and close.
    await tx.runs.insert({
      id: runId,
      requestId,
      cluster: request.cluster,
      channel: request.channel,
      threadTs: request.cardTs,
      startedAt: now.toISOString(),
      // This replica runs it and heartbeats it from now on (issue #16).
      owner: deps.replicaId,
    });
    await tx.audit.append({
      at: now.toISOString(),
      actor: actor.userId,
      action: 'request.approved',
      requestId,
      runId,
      detail: {},
    });
    return { kind: 'claimed', request: (await tx.requests.get(requestId))!, runId };
  });
}

async function lockedMessage(deps: ApproveDeps, holder: LockHolder): Promise<string> {
  const run = await deps.store.runs.get(holder.runId);
  const where = run?.threadTs ? ` (thread ${run.channel}/${run.threadTs})` : '';
  return `${describeLock(holder.cluster)} is locked by run ${holder.runId}, approved by <@${holder.holder}> at ${holder.acquiredAt}${where}. Approve again when it has finished.`;
}

// Plans again against what Omni says now: an approval covers the plan the approver saw, nothing else.
async function replanOrRefuse(
  deps: ApproveDeps,
  request: RequestRecord,
  runId: string,
): Promise<Plan | string> {
  const procedure = deps.procedures[request.procedure];
  if (!procedure) return `Unknown procedure ${request.procedure}.`;
  try {
    const planned = await procedure.plan(request.params);
    if (planned.refused) return `Omni changed since the request: ${planned.reason}`;
    if (planned.plan.fingerprint !== request.planFingerprint) {
      return explainPlanChange(request.plan, planned.plan);
    }
    return planned.plan;
  } catch (error) {
    deps.logger.warn({ err: error, requestId: request.id, runId }, 'replan failed');
    const why =
      error instanceof OmniError
        ? ` ${error.userMessage}`
        : ' Check Omni access (see the bot log), then request again.';
    return `The bot could not re-read Omni before running, so nothing ran.${why}`;
  }
}

// A run that failed to start (a database error on its first write) releases its lock now rather
// than at the next start-up; one that started is left to its own end.
async function closeIfNeverStarted(deps: ApproveDeps, request: RequestRecord, runId: string): Promise<void> {
  const reason = 'The run could not start (see the bot log); nothing ran. Request it again.';
  try {
    const closed = await closeUnstartedRun(
      deps,
      { id: runId, requestId: request.id },
      { status: 'interrupted', reason, action: 'run.not-started' },
    );
    if (closed) await announceClosed(deps, request.id, reason);
  } catch (error) {
    deps.logger.error({ err: error, runId }, 'could not close a run that never started');
  }
}

export async function approveRequest(
  deps: ApproveDeps,
  requestId: string,
  actor: Actor,
  secret?: string,
  options: { override?: boolean } = {},
): Promise<Outcome<ApprovalResult>> {
  const claimed = await claim(deps, requestId, actor, secret !== undefined, options.override === true);
  if (claimed.kind === 'needs-secret') return succeed({ state: 'needs-secret', requestId });
  if (claimed.kind === 'denied') return fail(claimed.problemKind, claimed.message, claimed.mentions);
  if (claimed.kind === 'locked')
    return fail('locked', await lockedMessage(deps, claimed.holder), [claimed.holder.holder]);
  if (claimed.kind === 'mode-changed') {
    deps.observe?.decision({
      procedure: claimed.request.procedure,
      decision: 'refused',
      requestedAt: new Date(claimed.request.createdAt),
      decidedAt: deps.clock(),
    });
    await announceClosed(deps, claimed.request.id, claimed.reason);
    return fail('refused', claimed.reason);
  }
  if (claimed.kind === 'awaiting') {
    await deps.notifier.notify({
      kind: 'approval-recorded',
      request: claimed.request,
      plan: claimed.request.plan,
      approvedBy: claimed.approvedBy,
    });
    return succeed({
      state: 'awaiting-more',
      approvedBy: claimed.approvedBy,
      needed: claimed.request.approvalsNeeded,
    });
  }
  const { request, runId } = claimed;
  deps.observe?.decision({
    procedure: request.procedure,
    decision: 'approved',
    requestedAt: new Date(request.createdAt),
    decidedAt: deps.clock(),
  });
  // The re-plan reads Omni and may be slow: the run (still `starting`) is heartbeaten meanwhile, so
  // no other replica takes it for dead; executeRun keeps its own lease from its start.
  const replanning = holdRunLease(deps, runId);
  const plan = await replanOrRefuse(deps, request, runId).finally(() => replanning.stop());
  if (typeof plan === 'string') {
    await closeUnstartedRun(
      deps,
      { id: runId, requestId: request.id },
      { status: 'refused', reason: plan, action: 'request.refused' },
    );
    deps.observe?.decision({
      procedure: request.procedure,
      decision: 'refused',
      requestedAt: new Date(request.createdAt),
      decidedAt: deps.clock(),
    });
    await announceClosed(deps, request.id, plan);
    return fail('refused', plan);
  }
  const running = executeRun(deps, request, plan, runId, secret).catch(async (error: unknown) => {
    deps.logger.error({ err: error, runId, requestId: request.id }, 'run crashed');
    await closeIfNeverStarted(deps, request, runId);
  });
  deps.inFlight?.add(running);
  void running.finally(() => deps.inFlight?.delete(running));
  return succeed({ state: 'running', runId, request });
}

export { claim as claimApproval };

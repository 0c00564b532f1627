import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Actor, isApprover, modeRefusal } from '../approvals/access-policy.js';
import { clusterMachineKind } from '../omni/cluster-machine-resources.js';
import { clusterKind } from '../omni/cluster-resources.js';
import { machineKind } from '../omni/machine-resources.js';
import { OmniError } from '../omni/omni-error.js';
import type { StepProgress } from '../procedures/shared/cancel-rule.js';
import { explainPlanChange } from '../procedures/shared/explain-plan-change.js';
import type { Plan } from '../procedures/shared/plan.js';
import { type OmniNow, planResume, type ResumePlan } from '../procedures/shared/plan-resume.js';
import type { RequestRecord } from '../store/records.js';
import { sha256 } from '../templates/snapshot-template.js';
import type { ApproveDeps } from './approval-deps.js';
import { executeRun } from './execute-run.js';
import { describeFreeze, freezeMentions, readFreeze } from './freeze/freeze-state.js';
import { describeLock, lockKeyFor } from './lock-key-for.js';
import { newId } from './new-id.js';
import { fail, type Outcome, succeed } from './outcome.js';
import { closeUnstartedRun } from './request-lifecycle.js';
import { holdRunLease } from './run-lease.js';

// A refused resume comes back as a failed Outcome (kind `refused`), as every refusal does.
export type ResumeResult = { runId: string; requestId: string };

type Claim =
  | {
      kind: 'claimed';
      original: RequestRecord;
      resume: RequestRecord;
      runId: string;
      interruptedRunId: string;
    }
  | { kind: 'denied'; problemKind: string; message: string; mentions?: string[] };

// The steps of the interrupted run as recorded, by their index in its request's plan.
async function progressOf(deps: ApproveDeps, plan: Plan, runId: string): Promise<StepProgress[]> {
  const progress: StepProgress[] = plan.steps.map(() => 'pending');
  for (const step of await deps.store.runs.steps(runId)) progress[step.idx] = step.status;
  return progress;
}

// One transaction, like an approval's claim: of any number of clicks one creates the resume (an
// approved request continuing the run), takes the lock and creates its run `starting`. Every read
// and write goes through `tx`; nothing slow (Omni, Slack) happens in it.
async function claim(deps: ApproveDeps, runId: string, actor: Actor): Promise<Claim> {
  return deps.store.transaction(async (tx): Promise<Claim> => {
    // A resume is an approval: a change freeze refuses it, and the run stays resumable (issue #18).
    const frozen = await readFreeze({ ...deps, store: tx });
    if (frozen)
      return {
        kind: 'denied',
        problemKind: 'frozen',
        message: `${describeFreeze(frozen, { mention: true })}. Nothing ran; resume after /omni unfreeze.`,
        mentions: freezeMentions(frozen),
      };
    const run = await tx.runs.get(runId);
    // Held until the transaction ends (on PostgreSQL), so concurrent Resume clicks decide in turn.
    const original = run && (await tx.requests.getForUpdate(run.requestId));
    if (!run || !original)
      return {
        kind: 'denied',
        problemKind: 'unknown',
        message: 'This run does not exist (or no longer exists).',
      };
    const already = await tx.requests.resumeOf(runId);
    if (already)
      return {
        kind: 'denied',
        problemKind: 'already-decided',
        message: `This run was already resumed by <@${already.decidedBy}>.`,
        mentions: already.decidedBy ? [already.decidedBy] : [],
      };
    if (run.status !== 'interrupted' || original.status !== 'interrupted')
      return {
        kind: 'denied',
        problemKind: 'finished',
        message: `This run is ${run.status}: only an interrupted run can be resumed.`,
      };
    if (!isApprover(deps.access, actor))
      return {
        kind: 'denied',
        problemKind: 'denied',
        message: 'You are not an approver for recovery procedures (APPROVERS): resuming needs one.',
      };
    if (
      actor.userId === original.requester &&
      !(deps.access.allowSelfApproval && original.approvalsNeeded < 2)
    )
      return {
        kind: 'denied',
        problemKind: 'denied',
        message: 'You asked for this: another approver has to resume it.',
      };
    const wrongMode = modeRefusal(original.dryRun, deps.dryRun);
    if (wrongMode !== undefined) return { kind: 'denied', problemKind: 'denied', message: wrongMode };
    const now = deps.clock().toISOString();
    const newRunId = newId('run');
    const lockKey = lockKeyFor(original);
    if (lockKey !== null) {
      const lock = await tx.locks.acquire(lockKey, newRunId, actor.userId, now);
      if (!lock.acquired)
        return {
          kind: 'denied',
          problemKind: 'locked',
          message: `${describeLock(lock.heldBy.cluster)} is locked by run ${lock.heldBy.runId}, approved by <@${lock.heldBy.holder}>. Resume when it has finished.`,
          mentions: [lock.heldBy.holder],
        };
    }
    const id = newId('r');
    await tx.requests.insertResume({
      id,
      procedure: original.procedure,
      params: original.params,
      plan: original.plan,
      planFingerprint: original.planFingerprint,
      cluster: original.cluster,
      requester: original.requester,
      reason: original.reason,
      channel: original.channel,
      cardTs: original.cardTs,
      approvalsNeeded: original.approvalsNeeded,
      dryRun: original.dryRun,
      createdAt: now,
      decidedBy: actor.userId,
      resumesRun: runId,
    });
    await tx.runs.insert({
      id: newRunId,
      requestId: id,
      cluster: original.cluster,
      channel: original.channel,
      threadTs: original.cardTs,
      startedAt: now,
      // This replica runs it and heartbeats it from now on (issue #16).
      owner: deps.replicaId,
    });
    await tx.audit.append({
      at: now,
      actor: actor.userId,
      action: 'run.resume',
      requestId: id,
      runId: newRunId,
      detail: { resumes: runId, request: original.id },
    });
    return {
      kind: 'claimed',
      original,
      resume: (await tx.requests.get(id))!,
      runId: newRunId,
      interruptedRunId: runId,
    };
  });
}

async function readOmniNow(deps: ApproveDeps): Promise<OmniNow> {
  const omnictl = deps.runner.omnictl;
  const [clusters, clusterMachines, machines] = await Promise.all([
    omnictl.get(clusterKind),
    omnictl.get(clusterMachineKind),
    omnictl.get(machineKind),
  ]);
  return {
    clusters: new Set(clusters.map((c) => c.metadata.id)),
    machines: new Set([...clusterMachines, ...machines].map((m) => m.metadata.id)),
  };
}

// The template every step reads is the snapshot the approver saw: gone or changed, nothing resumes.
function snapshotRefusal(plan: Plan): string | undefined {
  const snapshot = plan.templateSnapshot;
  for (const step of plan.steps) {
    if (step.kind !== 'omnictl') continue;
    const at = step.args.indexOf('-f');
    const file = at >= 0 ? step.args[at + 1] : undefined;
    if (file === undefined) continue;
    if (!existsSync(file))
      return 'The template snapshot this plan was approved with is gone: request the procedure again.';
    const cut = snapshot ? file.indexOf(`/${snapshot.hash}/`) : -1;
    if (!snapshot || cut < 0) continue;
    const dir = file.slice(0, cut + snapshot.hash.length + 1);
    // A local name: the manifest test would read the property chain as a Slack files.* call.
    const approvedFiles = snapshot.files;
    const changed = approvedFiles.some((f) => {
      const copy = join(dir, f.path);
      return !existsSync(copy) || sha256(readFileSync(copy, 'utf8')) !== f.sha256;
    });
    if (changed)
      return 'The template snapshot this plan was approved with no longer holds what was approved: request the procedure again.';
    return undefined;
  }
  return undefined;
}

// Re-plans the rest against Omni now. Before any destructive step ran, the fingerprint rule of an
// approval applies as is; after one, the plan's own steps changed what it covers, and each step
// left is checked instead (done already, or to run).
async function replanRest(
  deps: ApproveDeps,
  claimed: Extract<Claim, { kind: 'claimed' }>,
): Promise<ResumePlan | string> {
  const plan = claimed.original.plan;
  const snapshot = snapshotRefusal(plan);
  if (snapshot) return snapshot;
  try {
    const planned = planResume({
      plan,
      progress: await progressOf(deps, plan, claimed.interruptedRunId),
      omni: await readOmniNow(deps),
    });
    if (planned.refused) return planned.reason;
    if (!planned.resume.afterDestructive) {
      const procedure = deps.procedures[claimed.original.procedure];
      if (!procedure) return `Unknown procedure ${claimed.original.procedure}.`;
      const again = await procedure.plan(claimed.original.params);
      if (again.refused)
        return `Omni changed since the approval: ${again.reason} Resuming needs a new request.`;
      if (again.plan.fingerprint !== claimed.original.planFingerprint)
        return `${explainPlanChange(plan, again.plan)} Resuming needs a new approval: request it again.`;
    }
    return planned.resume;
  } catch (error) {
    deps.logger.warn({ err: error, runId: claimed.runId }, 'resume re-plan failed');
    const why =
      error instanceof OmniError ? ` ${error.userMessage}` : ' Check Omni access (see the bot log).';
    return `The bot could not re-read Omni before resuming, so nothing ran; Resume can be clicked again.${why}`;
  }
}

export async function resumeRun(
  deps: ApproveDeps,
  runId: string,
  actor: Actor,
): Promise<Outcome<ResumeResult>> {
  const claimed = await claim(deps, runId, actor);
  if (claimed.kind === 'denied') return fail(claimed.problemKind, claimed.message, claimed.mentions);
  // Heartbeaten while Omni is read, as an approval's re-plan is (approve-request.ts).
  const replanning = holdRunLease(deps, claimed.runId);
  const rest = await replanRest(deps, claimed).finally(() => replanning.stop());
  if (typeof rest === 'string') {
    await closeUnstartedRun(
      deps,
      { id: claimed.runId, requestId: claimed.resume.id },
      { status: 'refused', reason: rest, action: 'request.refused' },
    );
    await deps.notifier.notify({
      kind: 'thread-note',
      request: claimed.original,
      text: `Resume refused: ${rest}`,
    });
    return fail('refused', rest);
  }
  await deps.store.requests.setResumePlan(claimed.resume.id, rest.plan);
  const resume = (await deps.store.requests.get(claimed.resume.id))!;
  const deadlines = new Map<number, number>();
  const first = (await deps.store.runs.steps(claimed.interruptedRunId)).find(
    (s) => s.idx === rest.plan.resumed!.at - (claimed.original.plan.resumed?.at ?? 0),
  );
  if (first?.deadline) deadlines.set(0, Date.parse(first.deadline));
  const running = executeRun(deps, resume, rest.plan, claimed.runId, undefined, {
    alreadyDone: rest.alreadyDone,
    deadlines,
  }).catch(async (error: unknown) => {
    deps.logger.error({ err: error, runId: claimed.runId }, 'resumed run crashed');
    // Never started (a database error on its first write): closed now, so Resume can be clicked again.
    await closeUnstartedRun(
      deps,
      { id: claimed.runId, requestId: claimed.resume.id },
      {
        status: 'refused',
        reason: 'The resumed run could not start (see the bot log).',
        action: 'run.not-started',
      },
    );
  });
  deps.inFlight?.add(running);
  void running.finally(() => deps.inFlight?.delete(running));
  return succeed({ runId: claimed.runId, requestId: claimed.resume.id });
}

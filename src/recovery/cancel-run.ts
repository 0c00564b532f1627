import { type Actor, isApprover } from '../approvals/access-policy.js';
import { cancelRule, type StepProgress } from '../procedures/shared/cancel-rule.js';
import type { CancelDeps } from './approval-deps.js';
import { fail, type Outcome, succeed } from './outcome.js';
import { heartbeatEveryMs } from './run-lease.js';

/**
 * Where the cancel goes: to the run in flight here (stopped now), or, through the database, to the
 * replica running it (issue #16), which stops it at its next heartbeat, within `withinMs`.
 */
export type Cancelling = { where: 'here' } | { where: 'elsewhere'; replica: string; withinMs: number };

export async function cancelRun(deps: CancelDeps, runId: string, actor: Actor): Promise<Outcome<Cancelling>> {
  const run = await deps.store.runs.get(runId);
  if (!run) return fail('unknown', 'This run does not exist.');
  const request = await deps.store.requests.get(run.requestId);
  if (!request) return fail('unknown', 'This run has no request.');
  const approver = isApprover(deps.access, actor);
  if (actor.userId !== request.requester && !approver)
    return fail('denied', 'Only the requester or an approver can cancel this run.');
  const controller = deps.active.get(runId);
  const live = run.status === 'running' || run.status === 'starting';
  // Not in flight here but live on another replica: that replica is asked through its heartbeat.
  const owner = !controller && live && run.owner && run.owner !== deps.replicaId ? run.owner : undefined;
  if (owner === undefined && (!controller || run.status !== 'running'))
    return fail('finished', `This run is already ${run.status}.`);
  // The steps as recorded (each is written before it starts): a destructive one started makes a
  // cancel leave a half-done procedure, which only an approver may decide. The same rule wherever
  // the run is.
  const plan = request.plan;
  const progress: StepProgress[] = plan.steps.map(() => 'pending');
  for (const step of await deps.store.runs.steps(runId)) progress[step.idx] = step.status;
  const rule = cancelRule(plan.steps, progress, plan.resumed?.cancelLeaves);
  if (rule.approverOnly && !approver)
    return fail(
      'denied',
      `A destructive step of this run has already run, so only an approver can cancel it now: if the run is cancelled now, ${rule.leaves}.`,
    );
  const at = deps.clock().toISOString();
  const audit = {
    at,
    actor: actor.userId,
    action: 'run.cancel',
    runId,
    requestId: run.requestId,
    detail: {
      ...(rule.approverOnly ? { leaves: rule.leaves } : {}),
      ...(owner === undefined ? {} : { replica: owner }),
    },
  };
  if (owner === undefined) {
    await deps.store.audit.append(audit);
    controller!.abort();
    return succeed({ where: 'here' });
  }
  // The ask and its audit row land together, and only while the run is still live.
  const asked = await deps.store.transaction(async (tx) => {
    if (!(await tx.runs.requestCancel(runId, actor.userId, at))) return false;
    await tx.audit.append(audit);
    return true;
  });
  if (!asked) {
    const now = await deps.store.runs.get(runId);
    return fail('finished', `This run is already ${now?.status ?? 'finished'}.`);
  }
  return succeed({ where: 'elsewhere', replica: owner, withinMs: heartbeatEveryMs(deps.takeoverAfterMs) });
}

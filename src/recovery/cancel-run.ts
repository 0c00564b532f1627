import { type Actor, isApprover } from '../approvals/access-policy.js';
import { cancelRule, type StepProgress } from '../procedures/shared/cancel-rule.js';
import type { CancelDeps } from './approval-deps.js';
import { fail, type Outcome, succeed } from './outcome.js';

export async function cancelRun(
  deps: CancelDeps,
  runId: string,
  actor: Actor,
): Promise<Outcome<'cancelling'>> {
  const run = await deps.store.runs.get(runId);
  if (!run) return fail('unknown', 'This run does not exist.');
  const request = await deps.store.requests.get(run.requestId);
  if (!request) return fail('unknown', 'This run has no request.');
  const approver = isApprover(deps.access, actor);
  if (actor.userId !== request.requester && !approver)
    return fail('denied', 'Only the requester or an approver can cancel this run.');
  const controller = deps.active.get(runId);
  if (!controller || run.status !== 'running') return fail('finished', `This run is already ${run.status}.`);
  // The steps as recorded (each is written before it starts): a destructive one started makes a
  // cancel leave a half-done procedure, which only an approver may decide.
  const plan = request.plan;
  const progress: StepProgress[] = plan.steps.map(() => 'pending');
  for (const step of await deps.store.runs.steps(runId)) progress[step.idx] = step.status;
  const rule = cancelRule(plan.steps, progress, plan.resumed?.cancelLeaves);
  if (rule.approverOnly && !approver)
    return fail(
      'denied',
      `A destructive step of this run has already run, so only an approver can cancel it now: if the run is cancelled now, ${rule.leaves}.`,
    );
  await deps.store.audit.append({
    at: deps.clock().toISOString(),
    actor: actor.userId,
    action: 'run.cancel',
    runId,
    requestId: run.requestId,
    detail: rule.approverOnly ? { leaves: rule.leaves } : {},
  });
  controller.abort();
  return succeed('cancelling');
}

import { type Actor, isApprover } from '../approvals/access-policy.js';
import type { ApprovalDeps } from './approval-deps.js';
import { fail, type Outcome, succeed } from './outcome.js';

export function cancelRun(deps: ApprovalDeps, runId: string, actor: Actor): Outcome<'cancelling'> {
  const run = deps.store.runs.get(runId);
  if (!run) return fail('unknown', 'This run does not exist.');
  const request = deps.store.requests.get(run.requestId);
  if (actor.userId !== request?.requester && !isApprover(deps.access, actor))
    return fail('denied', 'Only the requester or an approver can cancel this run.');
  const controller = deps.active.get(runId);
  if (!controller || run.status !== 'running') return fail('finished', `This run is already ${run.status}.`);
  deps.store.audit.append({
    at: deps.clock().toISOString(),
    actor: actor.userId,
    action: 'run.cancel',
    runId,
    requestId: run.requestId,
    detail: {},
  });
  controller.abort();
  return succeed('cancelling');
}

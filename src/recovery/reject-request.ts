import { type Actor, canReject } from '../approvals/access-policy.js';
import type { RejectDeps } from './approval-deps.js';
import { fail, type Outcome, succeed } from './outcome.js';
import { announceClosed, rejectPending } from './request-lifecycle.js';

export async function rejectRequest(
  deps: RejectDeps,
  requestId: string,
  actor: Actor,
  note = '',
): Promise<Outcome<'rejected'>> {
  const request = await deps.store.requests.get(requestId);
  if (!request) return fail('unknown', 'This request does not exist (or no longer exists).');
  const now = deps.clock();
  const decision = canReject(deps.access, actor, { ...request, now, approvedBy: [] });
  if (!decision.allowed) return fail('denied', decision.reason);
  const claimed = await rejectPending(deps, requestId, { actor: actor.userId, note, at: now });
  const after = (await deps.store.requests.get(requestId))!;
  if (claimed)
    deps.observe?.decision({
      procedure: after.procedure,
      decision: 'rejected',
      requestedAt: new Date(after.createdAt),
      decidedAt: now,
    });
  if (!claimed) {
    return fail(
      'already-decided',
      after.status === 'expired'
        ? 'This request has already expired.'
        : `This request was already ${after.status}.`,
    );
  }
  await announceClosed(deps, requestId, `Rejected by <@${actor.userId}>${note ? `: ${note}` : '.'}`, [
    actor.userId,
  ]);
  return succeed('rejected');
}

import type { ApprovalDeps } from './approval-deps.js';

// Pending requests past their expiry are closed and their cards edited; nothing of theirs can run.
export async function sweepExpired(deps: ApprovalDeps): Promise<number> {
  const now = deps.clock().toISOString();
  let closed = 0;
  for (const request of deps.store.requests.expiring(now)) {
    const changed = deps.store.transaction(() => {
      if (!deps.store.requests.transition(request.id, 'pending', 'expired', 'Expired without approval.'))
        return false;
      deps.store.audit.append({
        at: now,
        actor: 'bot',
        action: 'request.expired',
        requestId: request.id,
        detail: {},
      });
      return true;
    });
    if (!changed) continue;
    closed += 1;
    deps.observe?.decision({
      procedure: request.procedure,
      decision: 'expired',
      requestedAt: new Date(request.createdAt),
      decidedAt: deps.clock(),
    });
    await deps.announcer.requestClosed(
      deps.store.requests.get(request.id)!,
      request.plan,
      'Expired without approval; nothing ran.',
    );
  }
  return closed;
}

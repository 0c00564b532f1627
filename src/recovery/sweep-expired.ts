import type { SweepDeps } from './approval-deps.js';
import { announceClosed, closePending } from './request-lifecycle.js';

// Pending requests past their expiry are closed and their cards edited; nothing of theirs can run.
export async function sweepExpired(deps: SweepDeps): Promise<number> {
  const now = deps.clock().toISOString();
  let closed = 0;
  for (const request of await deps.store.requests.expiring(now)) {
    const changed = await closePending(deps, request.id, {
      status: 'expired',
      reason: 'Expired without approval.',
      action: 'request.expired',
    });
    if (!changed) continue;
    closed += 1;
    deps.observe?.decision({
      procedure: request.procedure,
      decision: 'expired',
      requestedAt: new Date(request.createdAt),
      decidedAt: deps.clock(),
    });
    await announceClosed(deps, request.id, 'Expired without approval; nothing ran.');
  }
  return closed;
}

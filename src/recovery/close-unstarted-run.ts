import type { ApprovalDeps } from './approval-deps.js';

export type Unstarted = {
  // `refused`: the approval's re-plan refused it; `interrupted`: the bot stopped (or failed) first.
  status: 'refused' | 'interrupted';
  reason: string;
  // The audit line that says why: `request.refused`, `lock.released`, `run.not-started`.
  action: string;
  detail?: Record<string, unknown>;
};

/**
 * Closes, in one transaction, a run that never reached its first step: the run (if its row exists),
 * its approved request, and its lock. A run that did start is left alone: only its own end, or the
 * start-up's interrupted-run pass, may release its lock. Returns whether the request was closed here.
 */
export function closeUnstartedRun(
  deps: Pick<ApprovalDeps, 'store' | 'clock'>,
  run: { id: string; requestId: string | undefined },
  how: Unstarted,
): boolean {
  const at = deps.clock().toISOString();
  return deps.store.transaction(() => {
    const row = deps.store.runs.get(run.id);
    if (row && row.status !== 'starting') return false;
    if (row) deps.store.runs.closeUnstarted(run.id, how.status, at, how.reason);
    const closed =
      run.requestId !== undefined &&
      deps.store.requests.transition(run.requestId, 'approved', how.status, how.reason);
    deps.store.locks.releaseRun(run.id);
    deps.store.audit.append({
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

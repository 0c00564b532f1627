import type { LockHolder } from '../store/cluster-locks.js';
import type { RunRecord } from '../store/records.js';
import type { StartupDeps } from './approval-deps.js';
import { leftBehind } from './left-behind.js';
import { describeLock } from './lock-key-for.js';
import { announceClosed, closeUnstartedRun } from './request-lifecycle.js';

function noteFor(runId: string, lock: LockHolder | undefined, run: RunRecord | undefined): string {
  const released = lock
    ? `The lock on ${describeLock(lock.cluster, { midSentence: true })} was released: its`
    : 'Its';
  if (run === undefined || run.status === 'starting')
    return `${released} run \`${runId}\` never started (the bot stopped between the approval and the first step). Nothing ran; request it again if it is still needed.`;
  return `${released} run \`${runId}\` was not running (it had ended: ${run.status}).`;
}

/**
 * At start-up, once runs left `running` are reported interrupted: closes every run left `starting`
 * (the bot stopped during the approval's re-plan; on PostgreSQL only this replica's and ownerless
 * ones, left-behind.ts) and releases every lock whose run is not running or another's starting
 * (also one an older version left with no run row at all, written by the claim before the run
 * existed). Without this the cluster would stay locked for ever. Each is said in its request's thread.
 */
export async function releaseStaleLocks(deps: StartupDeps): Promise<number> {
  const stale = new Map<string, { lock?: LockHolder; run?: RunRecord }>();
  // Another live replica's run starting (its approval re-planning) keeps its run and its lock.
  for (const run of await deps.store.runs.starting()) if (leftBehind(deps, run)) stale.set(run.id, { run });
  for (const lock of await deps.store.locks.all()) {
    const run = await deps.store.runs.get(lock.runId);
    if (run?.status === 'running') continue;
    if (run?.status === 'starting' && !stale.has(run.id)) continue;
    stale.set(lock.runId, { lock, run });
  }
  for (const [runId, { lock, run }] of stale) {
    const requestId = run?.requestId ?? (await deps.store.audit.requestOfRun(runId));
    const note = noteFor(runId, lock, run);
    const detail = { lock: lock?.cluster ?? null, runStatus: run?.status ?? 'missing' };
    // A run on no cluster (a provider procedure) held no lock: it is only closed.
    const action = lock ? 'lock.released' : 'run.not-started';
    let closed = false;
    if (run === undefined || run.status === 'starting') {
      closed = await closeUnstartedRun(
        deps,
        { id: runId, requestId },
        // Still as read: a run another replica started or closed meanwhile is left to it.
        { status: 'interrupted', reason: note, action, detail, only: run && { owner: run.owner ?? null } },
      );
    } else {
      await deps.store.transaction(async (tx) => {
        await tx.locks.releaseRun(runId);
        await tx.audit.append({
          at: deps.clock().toISOString(),
          actor: 'bot',
          action: 'lock.released',
          requestId,
          runId,
          detail: { reason: note, ...detail },
        });
      });
    }
    deps.logger.warn({ runId, requestId, ...detail }, 'closed a run that never started or released its lock');
    const request = requestId === undefined ? undefined : await deps.store.requests.get(requestId);
    if (!request) continue;
    try {
      if (closed) await announceClosed(deps, request.id, note);
      else await deps.notifier.notify({ kind: 'thread-note', request, text: note });
    } catch (error) {
      deps.logger.warn({ err: error, runId }, 'could not announce a released lock');
    }
  }
  return stale.size;
}

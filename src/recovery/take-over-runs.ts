import type { RunRecord } from '../store/records.js';
import type { Observe, StartupDeps, Telling } from './approval-deps.js';
import { announceClosed, announceInterrupted, closeUnstartedRun, interruptRun } from './request-lifecycle.js';
import { heartbeatEveryMs, type Leasing, scheduleOf } from './run-lease.js';

type TakeoverDeps = StartupDeps & Observe & Pick<Leasing, 'schedule'>;

/**
 * Runs whose owner stopped heartbeating for longer than RUN_TAKEOVER_AFTER belong to a replica
 * presumed dead (killed, partitioned away): this replica closes them now rather than when that one
 * comes back. A run that was running is interrupted (the run-interrupted notice, as a restart
 * gives, naming the silent replica); one still `starting` (its replica died during the approval's
 * re-plan) is closed as never started. Each in one transaction whose conditional update only one
 * replica can win; the winner alone audits `run.taken-over` and tells the thread. This replica's
 * own runs are left to its heartbeat, or to its start-up. Returns how many runs it took over.
 */
export async function takeOverStaleRuns(deps: StartupDeps & Observe): Promise<number> {
  const now = deps.clock();
  const before = new Date(now.getTime() - deps.takeoverAfterMs).toISOString();
  let taken = 0;
  for (const run of await deps.store.runs.stale(before)) {
    if (run.owner === deps.replicaId || !run.owner || !run.heartbeatAt) continue;
    try {
      if (await takeOver(deps, run, before)) taken += 1;
    } catch (error) {
      deps.logger.warn({ err: error, runId: run.id }, 'could not take over a stale run; trying again later');
    }
  }
  return taken;
}

async function takeOver(deps: StartupDeps & Observe, run: RunRecord, before: string): Promise<boolean> {
  const deadReplica = run.owner!;
  const lastHeartbeat = run.heartbeatAt!;
  const only = { owner: deadReplica, heartbeatBefore: before };
  const detail = { deadReplica, lastHeartbeat, by: deps.replicaId };
  const silent = `replica ${deadReplica} stopped answering at ${lastHeartbeat}`;
  if (run.status === 'starting') {
    const reason = `The run \`${run.id}\` never started: ${silent}, between the approval and the first step. Nothing ran; request it again if it is still needed.`;
    const closed = await closeUnstartedRun(
      deps,
      { id: run.id, requestId: run.requestId },
      { status: 'interrupted', reason, action: 'run.taken-over', detail, only },
    );
    if (!closed) return false;
    log(deps, run, detail);
    await tell(deps, run, () => announceClosed(deps, run.requestId, reason));
    return true;
  }
  const won = await interruptRun(deps, run, `Interrupted: ${silent} during the run.`, {
    only,
    action: 'run.taken-over',
    detail,
  });
  if (!won) return false;
  log(deps, run, detail);
  await tell(deps, run, async () => {
    const request = await deps.store.requests.get(run.requestId);
    if (!request) return;
    // The dead replica never counted this run's end; the one that closed it does, once.
    deps.observe?.run({
      procedure: request.procedure,
      status: 'interrupted',
      durationMs: Math.max(0, Date.parse(lastHeartbeat) - Date.parse(run.startedAt)),
    });
    await announceInterrupted(deps, request, run.id, { replica: deadReplica, at: lastHeartbeat });
  });
  return true;
}

function log(deps: StartupDeps, run: RunRecord, detail: Record<string, string>): void {
  deps.logger.warn(
    { runId: run.id, requestId: run.requestId, status: run.status, ...detail },
    'took over the run of a replica that stopped heartbeating',
  );
}

async function tell(deps: Pick<Telling, 'logger'>, run: RunRecord, say: () => Promise<void>): Promise<void> {
  try {
    await say();
  } catch (error) {
    deps.logger.warn({ err: error, runId: run.id }, 'could not announce a run taken over');
  }
}

/**
 * Looks for runs to take over on the heartbeat's timer (every max(1 s, RUN_TAKEOVER_AFTER / 6)), so
 * a dead replica's run is closed within RUN_TAKEOVER_AFTER plus one interval of its last heartbeat.
 */
export function startTakeoverTimer(deps: TakeoverDeps): { stop(): Promise<void> } {
  const schedule = scheduleOf(deps);
  let running = true;
  let cancel: (() => void) | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  const tick = () => {
    cancel = undefined;
    inFlight = takeOverStaleRuns(deps)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'takeover check failed'))
      .finally(() => {
        if (running) cancel = schedule(tick, heartbeatEveryMs(deps.takeoverAfterMs));
      });
  };
  cancel = schedule(tick, heartbeatEveryMs(deps.takeoverAfterMs));
  return {
    async stop() {
      running = false;
      cancel?.();
      await inFlight;
    },
  };
}

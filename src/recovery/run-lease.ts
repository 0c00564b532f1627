import type { Ledger, Telling } from './approval-deps.js';

/** Runs `run` once after `ms`; returns what cancels it (the watcher's Schedule). Tests drive time with their own. */
export type Schedule = (run: () => void, ms: number) => () => void;

/** This replica's part in run ownership (issue #16). */
export type Leasing = {
  /** REPLICA_ID: the owner written on the runs this replica claims. */
  replicaId: string;
  /** RUN_TAKEOVER_AFTER: how long an owner may stay silent before another replica takes its runs over. */
  takeoverAfterMs: number;
  /** Default: a timer that does not hold the process. */
  schedule?: Schedule;
};

const defaultSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export const scheduleOf = (deps: Pick<Leasing, 'schedule'>): Schedule => deps.schedule ?? defaultSchedule;

// Six heartbeats per takeover window: a replica must miss several in a row (a stall, not one slow
// write) before another takes its runs; never more than one a second.
export const heartbeatEveryMs = (takeoverAfterMs: number): number =>
  Math.max(1_000, Math.floor(takeoverAfterMs / 6));

export type LeaseEvents = {
  /** Another replica took the run over (its owner looked dead): nothing more may be run or written. */
  lost(): void;
  /** Someone pressed Cancel on another replica; called once. */
  cancel(by: string): void;
};

export type RunLease = {
  /** One heartbeat now (also a fence before each step): 'lost' once the run is no longer this replica's. */
  beat(): Promise<'owned' | 'lost'>;
  stop(): void;
};

/**
 * Keeps this replica's lease on a run it claimed: a heartbeat every `heartbeatEveryMs`, each one
 * the conditional update that fails once another replica has taken the run over. A heartbeat the
 * database does not answer is logged and tried again: only another replica can decide the owner
 * is gone, by taking the run over.
 */
export function holdRunLease(
  deps: Ledger & Pick<Telling, 'logger'> & Leasing,
  runId: string,
  on: Partial<LeaseEvents> = {},
): RunLease {
  let stopped = false;
  let lost = false;
  let cancelSeen = false;
  let cancelTimer: (() => void) | undefined;
  const schedule = scheduleOf(deps);

  async function beat(): Promise<'owned' | 'lost'> {
    if (lost) return 'lost';
    let answer: Awaited<ReturnType<typeof deps.store.runs.heartbeat>>;
    try {
      answer = await deps.store.runs.heartbeat(runId, deps.replicaId, deps.clock().toISOString());
    } catch (error) {
      deps.logger.warn({ err: error, runId }, 'could not renew the run lease; trying again');
      return 'owned';
    }
    if (answer === null) {
      if (!lost) {
        lost = true;
        stop();
        deps.logger.error(
          { runId, replica: deps.replicaId },
          'another replica took this run over: it runs no further step and its end is not written',
        );
        on.lost?.();
      }
      return 'lost';
    }
    if (answer.cancelRequested && !cancelSeen) {
      cancelSeen = true;
      deps.logger.info({ runId, by: answer.cancelRequested.by }, 'cancel asked from another replica');
      on.cancel?.(answer.cancelRequested.by);
    }
    return 'owned';
  }

  function tick(): void {
    cancelTimer = undefined;
    void beat().finally(() => {
      if (!stopped) cancelTimer = schedule(tick, heartbeatEveryMs(deps.takeoverAfterMs));
    });
  }

  function stop(): void {
    stopped = true;
    cancelTimer?.();
    cancelTimer = undefined;
  }

  cancelTimer = schedule(tick, heartbeatEveryMs(deps.takeoverAfterMs));
  return { beat, stop };
}

import type { Store } from '../store/create-store.js';
import { type CycleResult, runWatchCycle, type WatchCycleDeps } from './run-watch-cycle.js';
import { createWatcherLease, type Leadership, type WatcherLease } from './watcher-lease.js';

export { describeLeadership, type Leadership } from './watcher-lease.js';

/** Runs `run` once after `ms`; returns what cancels it. Tests pass their own to control time. */
export type Schedule = (run: () => void, ms: number) => () => void;

type WatcherOptions = Omit<WatchCycleDeps, 'graceMs' | 'digestThreshold' | 'stillLeading'> & {
  /** WATCH_INTERVAL; 0 disables the timer (`runOnce` still works). */
  intervalMs: number;
  /** How long a condition must hold before it alerts; default two intervals. */
  graceMs?: number;
  /** More new alerts than this in one poll become one digest message; default 5. */
  digestThreshold?: number;
  schedule?: Schedule;
  /** The timer that renews the lease while a poll runs (default: a real one); tests pass their own. */
  heartbeat?: Schedule;
  /**
   * Several replicas on one database (issue #16): only the one holding the `watcher` lease polls.
   * Without it this watcher always leads.
   */
  lease?: { leases: Store['leases']; holder: string };
  /** Told when this replica starts or stops leading (for /readyz and /metrics). */
  onLeadership?: (leadership: Leadership) => void;
};

export type Watcher = {
  readonly enabled: boolean;
  /**
   * Polls every interval, the first one interval after start; each poll waits for the previous.
   * With a lease, a replica that does not hold it tries to take it every quarter interval and
   * polls at once when it does.
   */
  start(): void;
  /** Stops the timer, waits for a poll in progress and lets go of the lease. */
  stop(): Promise<void>;
  /** One poll now (or the one already running), if this replica leads; never throws. */
  runOnce(): Promise<CycleResult>;
  leadership(): Leadership;
};

const defaultSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  // The watcher alone must not keep the process alive.
  timer.unref();
  return () => clearTimeout(timer);
};

const FOLLOWING: CycleResult = { omni: 'skipped', conditions: [], actions: [] };

export function createWatcher(options: WatcherOptions): Watcher {
  const { intervalMs, schedule = defaultSchedule } = options;
  const logger = options.logger.child({ component: 'watcher' });
  const enabled = intervalMs > 0;
  // With a lease, leading only once it is taken.
  let leadership: Leadership = !enabled
    ? { role: 'off' }
    : options.lease
      ? { role: 'following' }
      : { role: 'leading' };
  const tell = (next: Leadership) => {
    leadership = next;
    options.onLeadership?.(next);
  };
  // The lease outlives an interval by a quarter: the leader renews it at the start and the end of
  // each poll, so it never runs out between two polls; a dead leader's runs out within 1.25 intervals.
  const lease: WatcherLease | undefined =
    options.lease && enabled
      ? createWatcherLease({
          ...options.lease,
          leaseMs: Math.round(1.25 * intervalMs),
          clock: options.clock,
          logger,
          onChange: tell,
        })
      : undefined;
  const hold = async () => (lease ? lease.hold() : true);
  const deps: WatchCycleDeps = {
    ...options,
    graceMs: options.graceMs ?? 2 * intervalMs,
    digestThreshold: options.digestThreshold ?? 5,
    logger,
    // Checked again between Omni's answer and any post: a leader that lost the lease meanwhile
    // (a slow poll) must not alert beside the new one.
    ...(lease ? { stillLeading: hold } : {}),
  };
  let inFlight: Promise<CycleResult> | undefined;
  // A lease check or a poll a timer started; stop() waits for it.
  let busy: Promise<unknown> | undefined;
  let cancel: (() => void) | undefined;
  let running = false;

  // A poll may outlast the lease (omnictl slow to answer): it is renewed every quarter interval
  // while the poll runs, so the other replicas do not take over a leader that is only busy.
  function keepHolding(): () => Promise<void> {
    const heartbeat = options.heartbeat ?? defaultSchedule;
    let cancelBeat: (() => void) | undefined;
    let renewing: Promise<unknown> | undefined;
    const beat = () => {
      cancelBeat = heartbeat(
        () => {
          renewing = hold().finally(() => {
            if (cancelBeat) beat();
          });
        },
        Math.max(1, Math.round(intervalMs / 4)),
      );
    };
    beat();
    // Waits for a renewal under way, so none lands after the poll's last one (or after stop's release).
    return async () => {
      const stopBeat = cancelBeat;
      cancelBeat = undefined;
      stopBeat?.();
      await renewing;
    };
  }

  async function leadAndPoll(): Promise<CycleResult> {
    if (!(await hold())) return FOLLOWING;
    const stopHolding = lease ? keepHolding() : async () => {};
    try {
      return await runWatchCycle(deps);
    } finally {
      await stopHolding();
      await hold();
    }
  }

  function runOnce(): Promise<CycleResult> {
    inFlight ??= leadAndPoll().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  // A follower checks the lease every quarter interval (one cheap statement), so a dead leader is
  // replaced within 1.5 intervals of its last renewal, and the new leader polls at once.
  const nextIn = () => (leadership.role === 'leading' ? intervalMs : Math.max(1, Math.round(intervalMs / 4)));

  function tick(): void {
    cancel = undefined;
    const wasLeading = leadership.role === 'leading';
    const work = wasLeading ? runOnce() : hold().then((leads) => (leads && running ? runOnce() : FOLLOWING));
    busy = work
      .catch((error: unknown) => logger.error({ err: error }, 'watch poll failed'))
      .then(() => {
        if (running) cancel = schedule(tick, nextIn());
      });
  }

  return {
    enabled,
    start() {
      if (!enabled) {
        logger.info('watcher disabled (WATCH_INTERVAL=0)');
        tell({ role: 'off' });
        return;
      }
      if (running) return;
      running = true;
      logger.info({ intervalMs, graceMs: deps.graceMs }, 'watcher started');
      if (!lease) {
        tell({ role: 'leading' });
        cancel = schedule(tick, intervalMs);
        return;
      }
      // Take the lease now, so /readyz says at once who leads; the first poll stays one interval away.
      busy = hold().then(() => {
        if (running) cancel = schedule(tick, nextIn());
      });
    },
    async stop() {
      running = false;
      cancel?.();
      cancel = undefined;
      await busy;
      await inFlight;
      await lease?.release();
    },
    runOnce,
    leadership: () => leadership,
  };
}

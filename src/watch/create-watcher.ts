import { type CycleResult, runWatchCycle, type WatchCycleDeps } from './run-watch-cycle.js';

/** Runs `run` once after `ms`; returns what cancels it. Tests pass their own to control time. */
export type Schedule = (run: () => void, ms: number) => () => void;

type WatcherOptions = Omit<WatchCycleDeps, 'graceMs' | 'digestThreshold'> & {
  /** WATCH_INTERVAL; 0 disables the timer (`runOnce` still works). */
  intervalMs: number;
  /** How long a condition must hold before it alerts; default two intervals. */
  graceMs?: number;
  /** More new alerts than this in one poll become one digest message; default 5. */
  digestThreshold?: number;
  schedule?: Schedule;
};

export type Watcher = {
  readonly enabled: boolean;
  /** Polls every interval, the first one interval after start; each poll waits for the previous. */
  start(): void;
  /** Stops the timer and waits for a poll in progress. */
  stop(): Promise<void>;
  /** One poll now (or the one already running); never throws. */
  runOnce(): Promise<CycleResult>;
};

const defaultSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  // The watcher alone must not keep the process alive.
  timer.unref();
  return () => clearTimeout(timer);
};

export function createWatcher(options: WatcherOptions): Watcher {
  const { intervalMs, schedule = defaultSchedule } = options;
  const deps: WatchCycleDeps = {
    ...options,
    graceMs: options.graceMs ?? 2 * intervalMs,
    digestThreshold: options.digestThreshold ?? 5,
    logger: options.logger.child({ component: 'watcher' }),
  };
  const enabled = intervalMs > 0;
  let inFlight: Promise<CycleResult> | undefined;
  let cancel: (() => void) | undefined;
  let running = false;

  function runOnce(): Promise<CycleResult> {
    inFlight ??= runWatchCycle(deps).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function tick(): void {
    cancel = undefined;
    void runOnce().then(() => {
      if (running) cancel = schedule(tick, intervalMs);
    });
  }

  return {
    enabled,
    start() {
      if (!enabled) {
        deps.logger.info('watcher disabled (WATCH_INTERVAL=0)');
        return;
      }
      if (running) return;
      running = true;
      cancel = schedule(tick, intervalMs);
      deps.logger.info({ intervalMs, graceMs: deps.graceMs }, 'watcher started');
    },
    async stop() {
      running = false;
      cancel?.();
      cancel = undefined;
      await inFlight;
    },
    runOnce,
  };
}

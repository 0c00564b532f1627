import type { Omnictl } from './run-omnictl.js';

export type BusySignal = {
  /** Slack is talking to the bot: a request just arrived. */
  touch(): void;
  /**
   * Resolves once no request has arrived for the quiet period, or once the longest wait has
   * passed (so work is never starved by steady traffic), or at once after `stop()`.
   */
  whenQuiet(signal?: AbortSignal): Promise<void>;
  stop(): void;
};

type BusySignalOptions = {
  quietMs: number;
  maxWaitMs: number;
  now?: () => number;
};

/**
 * Slack's requests must be acknowledged within 3 s; the work they start (reports, runs) has no such
 * deadline. Starting an omnictl process forks the bot and stalls every thread of it for several ms,
 * so while requests keep arriving, new omnictl processes wait for a quiet moment
 * (docs/decisions/0008-omnictl-waits-for-a-quiet-moment.md).
 */
export function createBusySignal(options: BusySignalOptions): BusySignal {
  const now = options.now ?? (() => performance.now());
  let lastTouch = Number.NEGATIVE_INFINITY;
  let stopped = false;
  const waiting = new Set<() => void>();

  return {
    touch() {
      lastTouch = now();
    },
    whenQuiet(signal) {
      const started = now();
      const quietAt = () => Math.min(lastTouch + options.quietMs, started + options.maxWaitMs);
      if (stopped || signal?.aborted || quietAt() <= now()) return Promise.resolve();
      return new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const done = () => {
          clearTimeout(timer);
          waiting.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const check = () => {
          const left = quietAt() - now();
          if (stopped || left <= 0) return done();
          timer = setTimeout(check, left);
        };
        waiting.add(done);
        // An aborted call goes on at once; the adapter then reports it aborted without a process.
        signal?.addEventListener('abort', done, { once: true });
        check();
      });
    },
    stop() {
      stopped = true;
      for (const done of [...waiting]) done();
    },
  };
}

/**
 * Every omnictl call but a run's steps waits for a quiet moment on Slack's side before its process
 * starts. A step goes on at once: an approved run is due now, and a poll's deadline must not be
 * spent waiting for Slack to fall silent.
 */
export function deferWhileBusy(omnictl: Omnictl, busy: BusySignal): Omnictl {
  const quiet = (options: { signal?: AbortSignal; lane?: 'run' } | undefined) =>
    options?.lane === 'run' ? Promise.resolve() : busy.whenQuiet(options?.signal);
  return {
    run: (args, options) => quiet(options).then(() => omnictl.run(args, options)),
    get: (kind, options) => quiet(options).then(() => omnictl.get(kind, options)),
    version: (options) => quiet(options).then(() => omnictl.version(options)),
  };
}

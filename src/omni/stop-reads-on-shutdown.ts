import { OmniError } from './omni-error.js';
import type { OmniFailure } from './omni-failure.js';
import type { Omnictl } from './run-omnictl.js';

export type ShutdownOmnictl = {
  omnictl: Omnictl;
  /**
   * Stops every call made without its own AbortSignal (reports, the watcher, the readiness probe):
   * they are read-only and can be asked again. Steps of a run carry their own signal and are left
   * to the run's shutdown grace.
   */
  stopReads(): void;
  /** Resolves once no omnictl call is in flight, so no process outlives the bot. */
  idle(): Promise<void>;
};

const STOPPED_MESSAGE =
  'omni-chatops is shutting down and stopped this omnictl call before it finished. Run the command again once the bot is back.';

/** Wraps the adapter so stopping the bot ends its reads and can wait for every omnictl process. */
export function stopReadsOnShutdown(omnictl: Omnictl): ShutdownOmnictl {
  const shutdown = new AbortController();
  const inFlight = new Set<Promise<unknown>>();

  // A call the shutdown ended says so, instead of "cancelled" with no reason.
  const explain = (failure: OmniFailure): OmniFailure =>
    failure.kind === 'aborted' && shutdown.signal.aborted
      ? { ...failure, message: STOPPED_MESSAGE }
      : failure;

  function track<T>(call: Promise<T>): Promise<T> {
    const settled = call.then(
      () => undefined,
      () => undefined,
    );
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    return call.catch((error: unknown) => {
      if (error instanceof OmniError && error.kind === 'aborted' && shutdown.signal.aborted)
        throw new OmniError(explain(error.toFailure()), { cause: error });
      throw error;
    });
  }

  const stopped: OmniFailure = {
    kind: 'aborted',
    message: STOPPED_MESSAGE,
    detail: 'the bot is shutting down',
  };
  // After the stop, a read is refused before any process starts.
  const refusedRead = (options: { signal?: AbortSignal } | undefined) =>
    options?.signal === undefined && shutdown.signal.aborted;
  const withSignal = <O extends { signal?: AbortSignal }>(options: O | undefined): O =>
    ({ ...options, signal: options?.signal ?? shutdown.signal }) as O;

  return {
    omnictl: {
      run(args, options) {
        if (refusedRead(options))
          return Promise.resolve({
            args: [...args],
            exitCode: -1,
            stdout: '',
            stderr: '',
            durationMs: 0,
            warnings: [],
            failure: stopped,
          });
        return track(
          omnictl
            .run(args, withSignal(options))
            .then((result) => (result.failure ? { ...result, failure: explain(result.failure) } : result)),
        );
      },
      get(kind, options) {
        if (refusedRead(options)) return Promise.reject(new OmniError(stopped));
        return track(omnictl.get(kind, withSignal(options)));
      },
      version(options) {
        if (refusedRead(options)) return Promise.reject(new OmniError(stopped));
        return track(omnictl.version(withSignal(options)));
      },
    },
    stopReads: () => shutdown.abort(),
    async idle() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}

import { OmniError } from '../omni/omni-error.js';
import type { Omnictl } from '../omni/run-omnictl.js';

/**
 * The same omnictl, but at most `max` processes at once, and every call stopped by `signal`:
 * once one read of a poll failed, the calls still queued never start and the running ones end.
 */
export function limitOmnictl(
  omnictl: Omnictl,
  max: number,
  signal: AbortSignal,
): { omnictl: Omnictl; idle(): Promise<void> } {
  let running = 0;
  const waiting: (() => void)[] = [];
  let idlers: (() => void)[] = [];

  async function acquire(): Promise<void> {
    if (running < max) {
      running += 1;
      return;
    }
    // The releasing call hands its slot over, so a newcomer cannot slip in between.
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
    if (running === 0) {
      for (const idler of idlers) idler();
      idlers = [];
    }
  }

  async function limited<T>(work: () => Promise<T>): Promise<T> {
    await acquire();
    try {
      if (signal.aborted) {
        throw new OmniError({
          kind: 'aborted',
          message: 'The read was stopped because another read of the same poll failed.',
          detail: 'watch poll aborted before this call started',
        });
      }
      return await work();
    } finally {
      release();
    }
  }

  return {
    omnictl: {
      run: (args, options) =>
        limited(() => omnictl.run(args, { ...options, signal: options?.signal ?? signal })),
      get: (kind, options) =>
        limited(() => omnictl.get(kind, { ...options, signal: options?.signal ?? signal })),
      version: (options) => limited(() => omnictl.version({ ...options, signal: options?.signal ?? signal })),
    },
    /** Resolves once no call is running or queued. */
    idle: () => (running === 0 ? Promise.resolve() : new Promise((resolve) => idlers.push(resolve))),
  };
}

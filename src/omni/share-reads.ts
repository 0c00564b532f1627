import type { GetOptions, Omnictl } from './run-omnictl.js';

/**
 * The bot's omnictl: at most `maxParallel` processes at once (starting a process blocks the event
 * loop, so a burst of commands would otherwise delay every ack), and identical reads already in
 * flight are shared instead of started again. Reads that carry their own AbortSignal (steps of a
 * run) are never shared, so cancelling one cannot end another caller's read.
 */
export function shareReads(omnictl: Omnictl, maxParallel: number): Omnictl {
  let running = 0;
  const waiting: (() => void)[] = [];
  const inFlight = new Map<string, Promise<unknown[]>>();

  async function limited<T>(work: () => Promise<T>): Promise<T> {
    if (running < maxParallel) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  }

  function keyOf(type: string, namespace: string | undefined, options: GetOptions | undefined): string {
    return JSON.stringify([
      type,
      options?.namespace ?? namespace,
      options?.id,
      options?.selector,
      options?.timeoutMs,
    ]);
  }

  return {
    run: (args, options) => limited(() => omnictl.run(args, options)),
    version: (options) => limited(() => omnictl.version(options)),
    get(kind, options) {
      if (options?.signal) return limited(() => omnictl.get(kind, options));
      const key = keyOf(kind.type, kind.namespace, options);
      const shared = inFlight.get(key) as Promise<Awaited<ReturnType<typeof omnictl.get<never>>>> | undefined;
      if (shared) return shared;
      const read = limited(() => omnictl.get(kind, options)).finally(() => inFlight.delete(key));
      inFlight.set(key, read as Promise<unknown[]>);
      return read;
    },
  };
}

import type { GetOptions, Omnictl, RunOptions } from './run-omnictl.js';

type ShareReadsOptions = {
  /** Processes at once for reports, the watcher and probes. */
  maxParallel: number;
  /** Processes at once for the steps of runs, counted apart so they never queue behind reads. */
  maxParallelRuns: number;
};

// Commands that only read Omni: identical ones in flight are shared between callers.
const READ_COMMANDS = [
  ['get'],
  ['machine-logs'],
  ['cluster', 'status'],
  ['cluster', 'template', 'diff'],
  ['cluster', 'template', 'validate'],
  ['cluster', 'template', 'status'],
  ['infraprovider', 'list'],
  ['serviceaccount', 'list'],
];

function isRead(args: readonly string[]): boolean {
  return READ_COMMANDS.some((words) => words.every((word, i) => args[i] === word));
}

/**
 * The bot's omnictl: at most `maxParallel` processes at once for reads (starting a process blocks
 * the event loop, so a burst of commands would otherwise delay every ack) and `maxParallelRuns`
 * more for the steps of runs, which never wait behind reads. Identical reads already in flight are
 * shared instead of started again (`get` and read-only commands such as `machine-logs`). Calls
 * that carry their own AbortSignal or stream their output are never shared, so cancelling one
 * cannot end another caller's read.
 */
export function shareReads(omnictl: Omnictl, options: ShareReadsOptions): Omnictl {
  const reads = createLimiter(options.maxParallel);
  const runs = createLimiter(options.maxParallelRuns);
  const inFlight = new Map<string, Promise<unknown>>();
  const limited = <T>(lane: 'run' | undefined, work: (onExit: () => void) => Promise<T>) =>
    (lane === 'run' ? runs : reads)(work);

  function shared<T>(key: string, work: (onExit: () => void) => Promise<T>): Promise<T> {
    const found = inFlight.get(key) as Promise<T> | undefined;
    if (found) return found;
    const read = limited(undefined, work).finally(() => inFlight.delete(key));
    inFlight.set(key, read);
    return read;
  }

  function getKey(type: string, namespace: string | undefined, o: GetOptions | undefined): string {
    return JSON.stringify(['get', type, o?.namespace ?? namespace, o?.id, o?.selector, o?.timeoutMs]);
  }

  const shareable = (o: RunOptions | GetOptions | undefined) =>
    o?.signal === undefined && o?.lane === undefined;

  return {
    run(args, runOptions) {
      if (!shareable(runOptions) || runOptions?.onLine || runOptions?.onStdout || !isRead(args))
        return limited(runOptions?.lane, (onExit) => omnictl.run(args, { ...runOptions, onExit }));
      return shared(JSON.stringify(['run', args, runOptions?.timeoutMs]), (onExit) =>
        omnictl.run(args, { ...runOptions, onExit }),
      );
    },
    version: (versionOptions) => limited(versionOptions?.lane, () => omnictl.version(versionOptions)),
    get(kind, getOptions) {
      if (!shareable(getOptions))
        return limited(getOptions?.lane, (onExit) => omnictl.get(kind, { ...getOptions, onExit }));
      return shared(getKey(kind.type, kind.namespace, getOptions), (onExit) =>
        omnictl.get(kind, { ...getOptions, onExit }),
      );
    },
  };
}

/**
 * First come, first served, at most `max` processes at once. A slot is free again as soon as the
 * process has ended (`onExit`), not once its output is parsed: parsing a 10,000-machine list takes
 * tens of milliseconds, during which the next queued read's process can already run (issue #17).
 */
function createLimiter(max: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: (onExit: () => void) => Promise<T>): Promise<T> => {
    if (running < max) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    let freed = false;
    const free = () => {
      if (freed) return;
      freed = true;
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    };
    try {
      return await work(free);
    } finally {
      free();
    }
  };
}

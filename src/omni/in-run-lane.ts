import type { Omnictl } from './run-omnictl.js';

/** The omnictl a run's steps use: every call goes in the run lane (see `Lane`). */
export function inRunLane(omnictl: Omnictl): Omnictl {
  return {
    run: (args, options) => omnictl.run(args, { ...options, lane: 'run' }),
    get: (kind, options) => omnictl.get(kind, { ...options, lane: 'run' }),
    version: (options) => omnictl.version({ ...options, lane: 'run' }),
  };
}

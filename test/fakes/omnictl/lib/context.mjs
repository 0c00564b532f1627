// What a command gets: its parsed arguments, the environment, the state (reconciled), and ways
// to write output and change the state.

import { nowIso } from './builders/metadata.mjs';
import { reconcile } from './reconcile.mjs';
import { mutateState, readState, sleepSync } from './state-store.mjs';

/**
 * @param {{statePath: string, env: NodeJS.ProcessEnv, flags: Record<string, any>, positional: string[], state: any}} init
 */
export function createContext(init) {
  const ctx = {
    ...init,
    now: nowIso,
    /** @param {string} s */
    out: (s) => {
      process.stdout.write(s);
    },
    /** @param {string} s */
    err: (s) => {
      process.stderr.write(s);
    },
    /** Re-reads the state another process may have changed. */
    refresh() {
      ctx.state = readState(ctx.statePath);
      return ctx.state;
    },
    /**
     * Changes the state under the lock; controllers then react (reconcile) in the same write.
     * @template T
     * @param {(state: any, now: string) => T} fn
     * @returns {T}
     */
    mutate(fn) {
      let value;
      const { state } = mutateState(ctx.statePath, (s) => {
        const now = nowIso();
        value = fn(s, now);
        const reconciled = reconcile(s, now);
        return value !== false || reconciled;
      });
      ctx.state = state;
      return value;
    },
    /** Reconciles once at start, writing (under the lock) only when a controller had work to do. */
    reconcileIfNeeded() {
      if (reconcile(ctx.state, nowIso())) ctx.mutate(() => undefined);
    },
  };
  return ctx;
}

/** Waits without blocking signals (async) — the fake's "server-side" waits poll the state file. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export { sleepSync };

// SIGINT/SIGTERM: most commands die from them as the real binary does (after the invocation is
// logged); `get --watch` stops cleanly instead (exit 0).

/** @type {(() => void) | null} */
let graceful = null;

/** @param {(signal: NodeJS.Signals) => void} onDie */
export function installSignalHandlers(onDie) {
  for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => {
      if (graceful) graceful();
      else onDie(signal);
    });
  }
}

/** @param {() => void} stop */
export function stopGracefullyOnSignal(stop) {
  graceful = stop;
}

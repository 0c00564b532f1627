/**
 * One report of a kind per cluster in flight: a caller asking while the same report is being made
 * waits for it and gets the same answer, instead of starting its reads again (a reboot-loop report
 * over every cluster is up to 50 `machine-logs` reads per cluster). Read-only reports only: the
 * answer holds nothing about who asked.
 */
export function shareReports<T>(
  report: (input: { cluster?: string }) => Promise<T>,
): (input: { cluster?: string }) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (input) => {
    const key = input.cluster ?? '';
    const running = inFlight.get(key);
    if (running) return running;
    const started = report(input).finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}

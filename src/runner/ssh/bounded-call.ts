/** An SSH operation that got no answer in time, or was cancelled while it waited. */
export class StalledCall extends Error {
  override name = 'StalledCall';
  readonly reason: 'timeout' | 'aborted';
  constructor(reason: 'timeout' | 'aborted', what: string, timeoutMs: number) {
    super(
      reason === 'timeout'
        ? `no answer to ${what} within ${Math.round(timeoutMs / 1000)}s`
        : `cancelled during ${what}`,
    );
    this.reason = reason;
  }
}

export type Bounds = { timeoutMs: number; signal?: AbortSignal };

/**
 * Waits for an SSH operation at most `timeoutMs`, and no longer once `signal` aborts: a host that
 * accepts TCP and then stalls (or a dropped link before keepalive notices) never holds a run.
 */
export function boundedCall<T>(what: string, bounds: Bounds, start: () => Promise<T>): Promise<T> {
  const { timeoutMs, signal } = bounds;
  if (signal?.aborted) return Promise.reject(new StalledCall('aborted', what, timeoutMs));
  return new Promise<T>((resolve, reject) => {
    const settle = (done: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      done();
    };
    const onAbort = () => settle(() => reject(new StalledCall('aborted', what, timeoutMs)));
    const timer = setTimeout(
      () => settle(() => reject(new StalledCall('timeout', what, timeoutMs))),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    start().then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

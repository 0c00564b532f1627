/**
 * Edits of one Slack message, coalesced to Slack's pace (about one edit per second per message):
 * progress is sent at most once per interval, only its newest state, and the final edit goes out
 * once, after the edit in flight and the rest of the interval. `send` must not throw.
 */
export type EditCoalescer<M> = {
  /** A newer state: sent now when the interval has passed, else when it ends (the newest one then). */
  progress(render: () => M): void;
  /** The last edit: drops a progress edit waiting for its timer, supersedes queued ones; settles once sent. */
  final(message: M): Promise<void>;
};

export type CoalesceOptions<M> = {
  clock: () => Date;
  minIntervalMs: number;
  send(message: M, final: boolean): Promise<void>;
};

/** Starts counting the interval now: the message was just posted. */
export function coalesceEdits<M>(options: CoalesceOptions<M>): EditCoalescer<M> {
  const { clock, minIntervalMs } = options;
  const now = () => clock().getTime();
  // When the last edit was queued: progress is snapshotted at most once per interval.
  let lastEditAt = now();
  // When Slack last answered an edit (or the post). An edit goes out no sooner than the interval
  // after that, so Slack never gets two edits of the message closer than the interval, even when a
  // request takes a while to leave or the previous edit was slow.
  let lastAnsweredAt = lastEditAt;
  let timer: NodeJS.Timeout | undefined;
  let latest: (() => M) | undefined;
  // Ends the wait of a queued edit early (when a newer edit supersedes it).
  let wake: (() => void) | undefined;
  let chain: Promise<void> = Promise.resolve();
  // Bumped per edit: when Slack is slow, queued edits that a newer one supersedes are skipped.
  let version = 0;

  // Waits (a timer) until the injected clock reaches `due`, or until a newer edit supersedes this one.
  // A timer can fire a little early by the clock, so the rest is waited again; a clock that stands
  // still (tests) ends the wait after one timer.
  async function waitUntil(due: number, current: () => boolean): Promise<void> {
    let left = due - now();
    while (left > 0 && current()) {
      await new Promise<void>((resolve) => {
        const waiting = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(waiting);
          resolve();
        };
      });
      wake = undefined;
      const rest = due - now();
      if (rest >= left) return;
      left = rest;
    }
  }

  // Queues an edit; the returned promise settles when it went out (or was superseded by a newer edit).
  function queue(message: M, final: boolean): Promise<void> {
    lastEditAt = now();
    version += 1;
    const mine = version;
    const current = () => mine === version;
    // An older edit still waiting out the interval gives way at once; this one waits instead.
    wake?.();
    chain = chain.then(async () => {
      await waitUntil(lastAnsweredAt + minIntervalMs, current);
      if (!current()) return;
      await options.send(message, final);
      lastAnsweredAt = now();
    });
    return chain;
  }

  return {
    progress(render) {
      latest = render;
      if (timer) return;
      const wait = lastEditAt + minIntervalMs - now();
      if (wait <= 0) {
        void queue(render(), false);
        return;
      }
      timer = setTimeout(() => {
        timer = undefined;
        if (latest) void queue(latest(), false);
      }, wait);
    },
    final(message) {
      clearTimeout(timer);
      timer = undefined;
      return queue(message, true);
    },
  };
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBusySignal, deferWhileBusy } from './defer-while-busy.js';
import type { Omnictl } from './run-omnictl.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const busySignal = () => createBusySignal({ quietMs: 100, maxWaitMs: 2_000, now: () => Date.now() });

// Records when each call reached the adapter (fake time, ms).
function recordingOmnictl() {
  const started: [string, number][] = [];
  const omnictl: Omnictl = {
    run: async (args) => {
      started.push([args.join(' '), Date.now()]);
      return { args: [...args], exitCode: 0, stdout: '', stderr: '', durationMs: 0, warnings: [] };
    },
    get: async (kind) => {
      started.push([`get ${kind.type}`, Date.now()]);
      return [];
    },
    version: async () => {
      started.push(['--version', Date.now()]);
      return 'v1.10.4';
    },
  };
  return { omnictl, started };
}

describe('deferWhileBusy', () => {
  it('starts a call at once when Slack has been quiet', async () => {
    const busy = busySignal();
    const { omnictl, started } = recordingOmnictl();

    await deferWhileBusy(omnictl, busy).run(['get', 'machines']);

    expect(started).toEqual([['get machines', 0]]);
  });

  it("starts a run's step at once however busy Slack is: the step is due now", async () => {
    const busy = busySignal();
    const { omnictl, started } = recordingOmnictl();
    busy.touch();

    await deferWhileBusy(omnictl, busy).run(['delete', 'clustermachines', 'w3'], { lane: 'run' });

    expect(started).toEqual([['delete clustermachines w3', 0]]);
  });

  it('holds a call until no request has arrived for the quiet period', async () => {
    const busy = busySignal();
    const { omnictl, started } = recordingOmnictl();
    busy.touch();
    const call = deferWhileBusy(omnictl, busy).version();
    await vi.advanceTimersByTimeAsync(60);
    busy.touch(); // another request at 60 ms: quiet from 160 ms
    await vi.advanceTimersByTimeAsync(99);
    expect(started).toEqual([]);

    await vi.advanceTimersByTimeAsync(1);
    await call;

    expect(started).toEqual([['--version', 160]]);
  });

  it('never holds a call longer than the longest wait, however busy Slack stays', async () => {
    const busy = busySignal();
    const { omnictl, started } = recordingOmnictl();
    busy.touch();
    const call = deferWhileBusy(omnictl, busy).run(['get', 'clusterstatuses']);
    for (let t = 0; t < 3_000; t += 50) {
      busy.touch();
      await vi.advanceTimersByTimeAsync(50);
    }
    await call;

    expect(started).toEqual([['get clusterstatuses', 2_000]]);
  });

  it('lets an aborted call (aborted before or while it waits) and every call after stop() through at once', async () => {
    const busy = busySignal();
    const { omnictl, started } = recordingOmnictl();
    const deferred = deferWhileBusy(omnictl, busy);
    busy.touch();
    const cancel = new AbortController();
    const first = deferred.run(['delete', 'x'], { signal: cancel.signal });
    const second = deferred.run(['get', 'machines']);
    await vi.advanceTimersByTimeAsync(10);

    cancel.abort();
    await first;
    await vi.advanceTimersByTimeAsync(10);
    busy.stop();
    await second;
    await deferred.run(['get', 'clusters']);
    const busyAgain = busySignal();
    busyAgain.touch();
    await deferWhileBusy(omnictl, busyAgain).run(['delete', 'y'], { signal: cancel.signal });

    expect(started).toEqual([
      ['delete x', 10],
      ['get machines', 20],
      ['get clusters', 20],
      ['delete y', 20],
    ]);
  });
});

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { OmniError } from '../omni/omni-error.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import { createSlackNotifier } from '../slack/slack-notifier.js';
import { createStore } from '../store/create-store.js';
import { createWatcher, type Schedule } from './create-watcher.js';

// An omnictl whose every read fails (by default as an unreachable Omni does); counts the reads.
function failingOmnictl(kind: 'unreachable' | 'aborted' = 'unreachable') {
  const state = { gets: 0 };
  const fail = async (): Promise<never> => {
    state.gets += 1;
    throw new OmniError({ kind, message: 'Omni cannot be reached.', detail: 'dial tcp' });
  };
  const omnictl: Omnictl = {
    get: fail,
    run: fail,
    version: fail,
  };
  return { omnictl, state };
}

// A schedule the test fires by hand.
function manualSchedule() {
  const pending: { run: () => void; ms: number }[] = [];
  const schedule: Schedule = (run, ms) => {
    const entry = { run, ms };
    pending.push(entry);
    return () => pending.splice(pending.indexOf(entry), 1);
  };
  return { schedule, pending };
}

async function watcherWith(intervalMs: number, schedule: Schedule, failure?: 'aborted') {
  const { omnictl, state } = failingOmnictl(failure);
  const { alerts } = await createStore(':memory:');
  const posts: string[] = [];
  const health: boolean[] = [];
  const watcher = createWatcher({
    omnictl,
    alerts,
    notifier: createSlackNotifier({
      messenger: {
        post: async (_channel, message) => {
          posts.push(message.text);
          return { ok: true, ts: '1.0' };
        },
        update: async (_channel, ts) => ({ ok: true, ts }),
        upload: async () => ({ ok: true }),
        permalink: async () => undefined,
      },
      clock: () => new Date('2026-08-22T09:30:00Z'),
      logger: pino({ level: 'silent' }),
    }),
    channel: 'C0INC',
    providerId: 'proxmox',
    intervalMs,
    stuckAfterMs: 600_000,
    clock: () => new Date('2026-08-22T09:30:00Z'),
    logger: pino({ level: 'silent' }),
    onOmniHealth: (ok) => health.push(ok),
    schedule,
  });
  return { watcher, state, posts, health, alerts };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

// Two replicas' watchers on one database, Omni unreachable; replica-a's reads wait for `answer()`.
async function twoReplicas() {
  let now = Date.parse('2026-08-22T09:30:00Z');
  let answer = () => {};
  const answered = new Promise<void>((resolve) => {
    answer = resolve;
  });
  const store = await createStore(':memory:');
  const lines: string[] = [];
  const beats = manualSchedule();
  const watcherOf = (holder: string, omnictl: Omnictl) =>
    createWatcher({
      omnictl,
      alerts: store.alerts,
      notifier: { notify: async () => ({ ts: '1.0' }) },
      channel: 'C0INC',
      providerId: 'proxmox',
      intervalMs: 60_000,
      graceMs: 0,
      stuckAfterMs: 600_000,
      clock: () => new Date(now),
      logger: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }),
      lease: { leases: store.leases, holder },
      schedule: manualSchedule().schedule,
      heartbeat: beats.schedule,
    });
  const slow = failingOmnictl();
  const gated: Omnictl = {
    ...slow.omnictl,
    get: async (...args) => {
      await answered;
      return slow.omnictl.get(...args);
    },
  };
  return {
    a: watcherOf('replica-a', gated),
    b: watcherOf('replica-b', failingOmnictl().omnictl),
    store,
    lines,
    answer,
    beats: beats.pending,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('createWatcher', () => {
  it('polls one interval after start, again one interval after each poll, and not after stop', async () => {
    const { schedule, pending } = manualSchedule();
    const { watcher, state, health } = await watcherWith(60_000, schedule);

    watcher.start();
    const first = pending.map((p) => p.ms);
    pending.shift()?.run();
    await settle();
    const afterPoll = pending.map((p) => p.ms);
    await watcher.stop();

    expect(first).toEqual([60_000]);
    expect(afterPoll).toEqual([60_000]);
    expect(pending).toEqual([]);
    expect(state.gets).toBeGreaterThan(0);
    expect(health).toEqual([false]);
  });

  it('does nothing on start when WATCH_INTERVAL is 0, but still polls on demand', async () => {
    const { schedule, pending } = manualSchedule();
    const { watcher, health } = await watcherWith(0, schedule);

    watcher.start();
    const result = await watcher.runOnce();

    expect(watcher.enabled).toBe(false);
    expect(pending).toEqual([]);
    expect(result.omni).toBe('failing');
    expect(health).toEqual([false]);
  });

  it('shares one poll between callers that ask while it runs', async () => {
    const { schedule } = manualSchedule();
    const { watcher, health } = await watcherWith(60_000, schedule);

    const [a, b] = await Promise.all([watcher.runOnce(), watcher.runOnce()]);

    expect(a).toBe(b);
    expect(health).toEqual([false]);
  });

  it('skips a poll whose reads the shutdown stopped: no alert, no health change', async () => {
    const { schedule } = manualSchedule();
    const { watcher, state, posts, health, alerts } = await watcherWith(60_000, schedule, 'aborted');

    const result = await watcher.runOnce();

    expect(state.gets).toBeGreaterThan(0);
    expect(result).toEqual({ omni: 'skipped', conditions: [], actions: [] });
    expect(await alerts.active()).toEqual([]);
    expect(posts).toEqual([]);
    expect(health).toEqual([]);
  });

  it('drops a poll whose replica lost the lease while Omni answered: the new leader alone writes', async () => {
    const { a, b, store, lines, answer, advance } = await twoReplicas();

    const slowPoll = a.runOnce();
    await settle();
    advance(75_000);
    const bTook = await b.runOnce();
    answer();
    const dropped = await slowPoll;

    expect(dropped).toEqual({ omni: 'skipped', conditions: [], actions: [] });
    expect(bTook.omni).toBe('failing');
    expect(a.leadership()).toEqual({ role: 'following', leader: 'replica-b' });
    expect((await store.alerts.active()).map((row) => row.condition)).toEqual(['omni-unavailable']);
    expect(lines.filter((l) => l.includes('watch poll dropped'))).toHaveLength(1);
  });

  it('renews the lease every quarter interval while a slow poll runs: the other replica does not take over a busy leader', async () => {
    const { a, b, store, answer, advance, beats } = await twoReplicas();

    const slowPoll = a.runOnce();
    await settle();
    const beatEvery = beats.map((beat) => beat.ms);
    advance(50_000);
    beats.shift()?.run();
    await settle();
    advance(30_000);
    const bWhileABusy = await b.runOnce();
    answer();
    const polled = await slowPoll;

    expect(beatEvery).toEqual([15_000]);
    expect(bWhileABusy).toEqual({ omni: 'skipped', conditions: [], actions: [] });
    expect(b.leadership()).toEqual({ role: 'following', leader: 'replica-a' });
    expect(polled.omni).toBe('failing');
    expect((await store.alerts.active()).map((row) => row.condition)).toEqual(['omni-unavailable']);
    expect(beats).toEqual([]);
  });
});

import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOmnictl, type Omnictl } from '../../src/omni/run-omnictl.js';
import { createReportStatus } from '../../src/recovery/report-status.js';
import { createMessenger } from '../../src/slack/slack-messenger.js';
import { createSlackNotifier } from '../../src/slack/slack-notifier.js';
import { createStore, type Store } from '../../src/store/create-store.js';
import { createWatcher, type Schedule, type Watcher } from '../../src/watch/create-watcher.js';
import type { CycleResult } from '../../src/watch/run-watch-cycle.js';
import { createFakeOmni, type FakeOmni, type FakeOmniState } from '../fakes/omnictl/fake-omni.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/start-fake-slack.js';

const INCIDENTS = 'C0INC';
const MINUTE = 60_000;
const WORKER = '1e7f9a3b-5c2d-4b68-8e0f-a3c6d9b2e574';
const FUTURE_KEY = '2027-08-22T09:25:00Z';

// Omni's timestamps have whole seconds; the fake stamps its own changes with the real time.
const omniTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

let omni: FakeOmni;
let slack: FakeSlack;
let dir: string;
let logs: string[];
let now: number;
let health: { ok: boolean; detail?: string }[];
const open: { watcher: Watcher; store: Store; omnictl: Omnictl }[] = [];

// A watcher as main.ts builds it, over the SQLite file of this test; a second call is a restart,
// or, with a replica id (`holder`), a second replica on the same database.
async function startWatcher(replica: { holder?: string; schedule?: Schedule } = {}): Promise<Watcher> {
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const store = await createStore(path.join(dir, 'state.sqlite'));
  const web = new WebClient(slack.options.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
  });
  const omnictl = createOmnictl({
    path: omni.path,
    endpoint: omni.env.OMNI_ENDPOINT,
    serviceAccountKey: omni.env.OMNI_SERVICE_ACCOUNT_KEY,
    configDir: path.join(dir, 'omnictl'),
    timeoutMs: 10_000,
    logger,
  });
  const watcher = createWatcher({
    omnictl,
    alerts: store.alerts,
    notifier: createSlackNotifier({ messenger: createMessenger(web), clock: () => new Date(now), logger }),
    channel: INCIDENTS,
    providerId: 'proxmox',
    intervalMs: MINUTE,
    stuckAfterMs: 10 * MINUTE,
    clock: () => new Date(now),
    logger,
    onOmniHealth: (ok, detail) => health.push({ ok, detail }),
    ...(replica.holder ? { lease: { leases: store.leases, holder: replica.holder } } : {}),
    schedule: replica.schedule,
  });
  open.push({ watcher, store, omnictl });
  return watcher;
}

// Timers a test fires by hand: `fire()` runs the next one and waits until the watcher set the one after.
function manualTimers() {
  const pending: { run: () => void; ms: number }[] = [];
  const schedule: Schedule = (run, ms) => {
    const entry = { run, ms };
    pending.push(entry);
    return () => {
      if (pending.includes(entry)) pending.splice(pending.indexOf(entry), 1);
    };
  };
  const next = () => vi.waitFor(() => pending[0] ?? Promise.reject(new Error('no timer set')), 30_000);
  return {
    schedule,
    next,
    async fire(): Promise<number> {
      const entry = await next();
      pending.splice(pending.indexOf(entry), 1);
      entry.run();
      return (await next()).ms;
    },
  };
}

async function stopWatchers(): Promise<void> {
  for (const { watcher, store } of open.splice(0)) {
    await watcher.stop();
    await store.close();
  }
}

// Moves the injected clock on by `minutes` and polls once: a poll costs real time (eight omnictl
// processes), the clock does not.
async function pollAfter(watcher: Watcher, minutes: number): Promise<CycleResult> {
  now += minutes * MINUTE;
  const result = await watcher.runOnce();
  expect(result.omni).not.toBe('skipped');
  return result;
}

const worker = (state: FakeOmniState) => state.machines.find((m) => m.uuid === WORKER)!;

async function startTeardown(): Promise<void> {
  await omni.update((state) => {
    const machine = worker(state);
    machine.clusterMachinePhase = 'tearingDown';
    machine.stage = 5;
    machine.ready = false;
    machine.rev.clusterMachine = [9, omniTime(new Date(now))];
    machine.rev.clusterMachineStatus = [9, omniTime(new Date(now))];
  });
}

// What `cluster machine delete --force` ends in: the machine is gone, the provider replaces it.
async function removeWorker(): Promise<void> {
  await omni.update((state) => {
    state.machines = state.machines.filter((m) => m.uuid !== WORKER);
  });
}

async function setConnected(connected: boolean): Promise<void> {
  await omni.update((state) => {
    const machine = worker(state);
    machine.connected = connected;
    machine.rev.machine = [(machine.rev.machine?.[0] ?? 1) + 1, omniTime(new Date(now))];
  });
}

async function setProviderKey(expiration: string): Promise<void> {
  await omni.update((state) => {
    const account = state.serviceAccounts.find((a) => a.name === 'infra-provider:proxmox')!;
    for (const key of account.keys) key.expiration = expiration;
  });
}

const chatCalls = () =>
  slack.calls
    .filter((c) => c.method.startsWith('chat.'))
    .map((c) => ({ method: c.method, ts: c.params.ts, thread_ts: c.params.thread_ts, ok: c.response.ok }));
const posted = () => slack.callsTo('chat.postMessage').map((c) => String(c.response.ts));
const text = (call: { params: Record<string, unknown> }) =>
  JSON.stringify([call.params.text, call.params.blocks]);

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'watcher-'));
  logs = [];
  health = [];
  now = Math.floor(Date.now() / 1000) * 1000;
  slack = await startFakeSlack();
  omni = await createFakeOmni({ scenario: 'healthy' });
  // A healthy fleet with a current provider key; replacements come up at once.
  await setProviderKey(FUTURE_KEY);
  await omni.update((state) => {
    state.provisionGets = 0;
  });
  // The fake stamps a heartbeat when the provider (re)connects: make it "now".
  await omni.setProviderConnected(false);
  await omni.setProviderConnected(true);
});

afterEach(async () => {
  await stopWatchers();
  // A poll that logged an error was not a clean pass, whatever Slack saw.
  expect(logs.map((line) => JSON.parse(line)).filter((entry) => entry.level >= 50)).toEqual([]);
  await slack.close();
  await omni.cleanup();
  await rm(dir, { recursive: true, force: true });
});

// Each poll spawns real omnictl processes; on a loaded machine that is seconds, not milliseconds.
describe('watcher', { timeout: 120_000 }, () => {
  it('alerts a stuck teardown once after STUCK_AFTER and edits the same message when it clears', async () => {
    const watcher = await startWatcher();
    await pollAfter(watcher, 0);
    await startTeardown();

    await pollAfter(watcher, 5);
    await pollAfter(watcher, 4);
    const before = chatCalls();
    await pollAfter(watcher, 1);
    const alertTs = posted()[0];
    await pollAfter(watcher, 2);
    await removeWorker();
    await pollAfter(watcher, 1);

    expect(before).toEqual([]);
    expect(chatCalls()).toEqual([
      { method: 'chat.postMessage', ts: undefined, thread_ts: undefined, ok: true },
      { method: 'chat.update', ts: alertTs, thread_ts: undefined, ok: true },
      { method: 'chat.postMessage', ts: undefined, thread_ts: alertTs, ok: true },
    ]);
    const [alert, resolved, note] = slack.calls.filter((c) => c.method.startsWith('chat.'));
    expect(text(alert!)).toContain('talos-prod-workers-q2w6fn in talos-prod is stuck tearing down');
    expect(text(alert!)).toContain('alert.diagnose');
    expect(text(alert!)).toContain('stuck-machines:talos-prod');
    expect(text(resolved!)).toContain('Resolved after 13m');
    expect(text(resolved!)).toContain('talos-prod-workers-q2w6fn in talos-prod was stuck tearing down');
    expect(text(note!)).toContain('Resolved after 13m');
    expect(slack.warnings).toEqual([]);
  });

  it('stays silent about a machine that flaps inside the grace period', async () => {
    const watcher = await startWatcher();

    const seen: CycleResult['actions'][] = [];
    for (let i = 0; i < 2; i += 1) {
      await setConnected(false);
      seen.push((await pollAfter(watcher, 1)).actions);
      await setConnected(true);
      seen.push((await pollAfter(watcher, 1)).actions);
    }
    await pollAfter(watcher, 5);

    const tracked = {
      kind: 'track',
      condition: expect.objectContaining({ condition: 'machine-unreachable' }),
    };
    const forgotten = { kind: 'forget', fingerprint: `machine-unreachable:${WORKER}` };
    expect(seen).toEqual([
      [expect.objectContaining(tracked)],
      [forgotten],
      [expect.objectContaining(tracked)],
      [forgotten],
    ]);
    expect(chatCalls()).toEqual([]);
    expect(await open[0]?.store.alerts.active()).toEqual([]);
  });

  it('alerts a disconnected provider once, with the key hint, and resolves it when it reconnects', async () => {
    const watcher = await startWatcher();
    await setProviderKey('2026-01-01T00:00:00Z');
    await omni.setProviderConnected(false);

    for (const minutes of [1, 1, 1, 3]) await pollAfter(watcher, minutes);
    const whileDown = chatCalls();
    await setProviderKey(FUTURE_KEY);
    await omni.setProviderConnected(true);
    await pollAfter(watcher, 1);

    expect(whileDown).toEqual([
      { method: 'chat.postMessage', ts: undefined, thread_ts: undefined, ok: true },
    ]);
    const [alert] = slack.callsTo('chat.postMessage');
    expect(text(alert!)).toContain('Infra provider proxmox is disconnected; its key has expired');
    expect(text(alert!)).toContain('/omni rotate-provider-key');
    const alertTs = posted()[0];
    expect(chatCalls().slice(1)).toEqual([
      { method: 'chat.update', ts: alertTs, thread_ts: undefined, ok: true },
      { method: 'chat.postMessage', ts: undefined, thread_ts: alertTs, ok: true },
    ]);
  });

  it('after a restart, neither repeats an open alert nor forgets to resolve it', async () => {
    const first = await startWatcher();
    await startTeardown();
    await pollAfter(first, 10);
    const alertTs = posted()[0];
    await stopWatchers();

    const second = await startWatcher();
    await pollAfter(second, 1);
    await pollAfter(second, 1);
    const afterRestart = chatCalls();
    await removeWorker();
    await pollAfter(second, 1);

    expect(afterRestart).toEqual([
      { method: 'chat.postMessage', ts: undefined, thread_ts: undefined, ok: true },
    ]);
    expect(chatCalls().slice(1)).toEqual([
      { method: 'chat.update', ts: alertTs, thread_ts: undefined, ok: true },
      { method: 'chat.postMessage', ts: undefined, thread_ts: alertTs, ok: true },
    ]);
  });

  it('with two replicas one polls; when it stops the other takes over at its next check, repeating no alert and resolving it once', async () => {
    const timersA = manualTimers();
    const timersB = manualTimers();
    const a = await startWatcher({ holder: 'replica-a', schedule: timersA.schedule });
    a.start();
    await timersA.next();
    const b = await startWatcher({ holder: 'replica-b', schedule: timersB.schedule });
    b.start();
    const bChecksEvery = (await timersB.next()).ms;
    await startTeardown();

    await pollAfter(a, 10);
    const alerted = chatCalls();
    const bWhileALeads = await b.runOnce();
    await a.stop();
    const bNextCheck = await timersB.fire();
    const afterTakeover = chatCalls();
    await removeWorker();
    await pollAfter(b, 1);

    expect([a.leadership(), b.leadership()]).toEqual([{ role: 'off' }, { role: 'leading' }]);
    expect(bChecksEvery).toBe(MINUTE / 4);
    expect(bWhileALeads).toEqual({ omni: 'skipped', conditions: [], actions: [] });
    expect(alerted).toEqual([{ method: 'chat.postMessage', ts: undefined, thread_ts: undefined, ok: true }]);
    // B polled at once when it took the lease, saw the same machine, and said nothing.
    expect(bNextCheck).toBe(MINUTE);
    expect(afterTakeover).toEqual(alerted);
    const alertTs = posted()[0];
    expect(chatCalls().slice(1)).toEqual([
      { method: 'chat.update', ts: alertTs, thread_ts: undefined, ok: true },
      { method: 'chat.postMessage', ts: undefined, thread_ts: alertTs, ok: true },
    ]);
    expect(logs.filter((l) => l.includes('this replica leads the watcher'))).toHaveLength(2);
  });

  it('a leader that dies keeps the lease 1.25 intervals: the other replica waits, then takes over and repeats no alert', async () => {
    const timersB = manualTimers();
    const a = await startWatcher({ holder: 'replica-a' });
    await startTeardown();
    await pollAfter(a, 10);
    const alerted = chatCalls();
    // replica-a dies here: no stop, no release; its lease runs until 75 s after its last renewal.
    const b = await startWatcher({ holder: 'replica-b', schedule: timersB.schedule });
    b.start();
    await timersB.next();

    now += 60_000;
    await timersB.fire();
    const stillFollowing = b.leadership();
    now += 15_000;
    await timersB.fire();

    expect(stillFollowing).toEqual({ role: 'following', leader: 'replica-a' });
    expect(b.leadership()).toEqual({ role: 'leading' });
    expect(chatCalls()).toEqual(alerted);
    expect(await open[1]?.store.leases.get('watcher')).toMatchObject({ holder: 'replica-b' });
  });

  it('a machine stuck tearing down and unreachable: one alert naming both, one resolved edit, nothing repeated after restarts', async () => {
    const first = await startWatcher();
    await pollAfter(first, 0);
    await startTeardown();
    await setConnected(false);

    await pollAfter(first, 11);
    const opened = chatCalls();
    const alertTs = posted()[0];
    await stopWatchers();
    const second = await startWatcher();
    await pollAfter(second, 1);
    const afterRestart = chatCalls();
    await removeWorker();
    await pollAfter(second, 1);
    await stopWatchers();
    const third = await startWatcher();
    await pollAfter(third, 1);

    expect(opened).toEqual([{ method: 'chat.postMessage', ts: undefined, thread_ts: undefined, ok: true }]);
    const alert = slack.callsTo('chat.postMessage')[0]!;
    expect(text(alert)).toContain('Machine stuck tearing down');
    expect(text(alert)).toContain('Machine unreachable');
    expect(text(alert)).toContain('talos-prod-workers-q2w6fn in talos-prod is stuck tearing down');
    expect(afterRestart).toEqual(opened);
    expect(chatCalls().slice(1)).toEqual([
      { method: 'chat.update', ts: alertTs, thread_ts: undefined, ok: true },
      { method: 'chat.postMessage', ts: undefined, thread_ts: alertTs, ok: true },
    ]);
    const resolved = slack.callsTo('chat.update')[0]!;
    expect(text(resolved)).toContain('Resolved');
    expect(text(resolved)).toContain('Machine unreachable');
    expect(await open[0]?.store.alerts.open()).toEqual([]);
  });

  it('a condition that appears later joins the machine’s alert in its thread and redraws it', async () => {
    const watcher = await startWatcher();
    await pollAfter(watcher, 0);
    await startTeardown();
    await pollAfter(watcher, 10);
    const alertTs = posted()[0];
    await setConnected(false);

    await pollAfter(watcher, 1);
    await pollAfter(watcher, 3);

    expect(chatCalls()).toEqual([
      { method: 'chat.postMessage', ts: undefined, thread_ts: undefined, ok: true },
      { method: 'chat.postMessage', ts: undefined, thread_ts: alertTs, ok: true },
      { method: 'chat.update', ts: alertTs, thread_ts: undefined, ok: true },
    ]);
    const note = slack.callsTo('chat.postMessage')[1]!;
    expect(text(note)).toContain('Now also: Machine unreachable');
    expect(text(slack.callsTo('chat.update')[0]!)).toContain('2 problems: talos-prod-workers-q2w6fn');
  });

  it('turns omnictl failing on every poll for ten intervals into one alert, leaving other alerts alone', async () => {
    const watcher = await startWatcher();
    await startTeardown();
    await pollAfter(watcher, 10);
    const stuckTs = posted()[0];
    await omni.setAuth('expired');

    for (let i = 0; i < 10; i += 1) await pollAfter(watcher, 1);
    const duringOutage = chatCalls();
    const outageTs = posted()[1];
    await omni.setAuth('ok');
    await pollAfter(watcher, 1);

    expect(duringOutage.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.postMessage']);
    const outage = slack.callsTo('chat.postMessage')[1]!;
    expect(text(outage)).toContain('The watcher cannot read Omni (key-expired)');
    expect(health.slice(-11)).toEqual([
      ...Array.from({ length: 10 }, () => ({ ok: false, detail: 'omnictl failing: key-expired' })),
      { ok: true, detail: undefined },
    ]);
    // Back: the outage alert resolves; the machine, still stuck, is neither resolved nor announced again.
    expect(chatCalls().slice(2)).toEqual([
      { method: 'chat.update', ts: outageTs, thread_ts: undefined, ok: true },
      { method: 'chat.postMessage', ts: undefined, thread_ts: outageTs, ok: true },
    ]);
    expect((await open[0]?.store.alerts.open())?.map((a) => [a.condition, a.messageTs])).toEqual([
      ['stuck-teardown', stuckTs],
    ]);
  });

  it('answers /omni status with the cluster, its machines by stage, the provider and the open alert', async () => {
    const watcher = await startWatcher();
    await startTeardown();
    await pollAfter(watcher, 10);
    const { store, omnictl } = open[0]!;
    const status = createReportStatus({
      omnictl,
      clock: () => new Date(now),
      providerId: 'proxmox',
      stuckAfterMs: 10 * MINUTE,
      alerts: store.alerts,
    });

    const report = await status({ cluster: 'talos-prod' });
    const unknown = await status({ cluster: 'staging' });

    expect(report).toMatchObject({
      ok: true,
      value: {
        cluster: 'talos-prod',
        clusters: [{ name: 'talos-prod', phase: 'SCALING_DOWN', ready: false, healthy: 5, total: 6 }],
        byStage: [
          { stage: 'RUNNING', count: 5 },
          { stage: 'DESTROYING', count: 1 },
        ],
        stuckTearingDown: 1,
        provider: { id: 'proxmox', connected: true },
        alerts: [{ condition: 'stuck-teardown', resource: WORKER, cluster: 'talos-prod' }],
      },
    });
    expect(unknown).toEqual({
      ok: false,
      problem: { kind: 'unknown-cluster', message: 'Omni has no cluster "staging" (clusters: talos-prod).' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../store/alert-store.js';
import type { AlertCondition } from './alert-condition.js';
import { factsOf } from './apply-alert-actions.js';
import { type PlanAlertsInput, planAlerts } from './plan-alerts.js';

const NOW = '2026-08-22T09:30:00.000Z';
const now = new Date(NOW);
const graceMs = 2 * 60_000;
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

function condition(resource: string, change: Partial<AlertCondition> = {}): AlertCondition {
  return {
    condition: 'machine-unreachable',
    resource,
    cluster: 'talos-prod',
    summary: `${resource} in talos-prod is unreachable (last known stage RUNNING)`,
    detail: { machineId: resource },
    diagnose: 'stuck-machines',
    ...change,
  };
}

// The row the watcher would have stored for `c` in the given state.
function alert(c: AlertCondition, change: Partial<AlertRecord> = {}): AlertRecord {
  return {
    ...factsOf(c),
    lastError: null,
    status: 'open',
    firstSeen: minutesAgo(30),
    lastSeen: minutesAgo(1),
    openedAt: minutesAgo(28),
    resolvedAt: null,
    channel: 'C0INC',
    messageTs: '1000.000100',
    digest: false,
    ...change,
  };
}

const MESSAGE = { channel: 'C0INC', ts: '1000.000100', digest: false };

const plan = (input: Partial<PlanAlertsInput>) =>
  planAlerts({ conditions: [], alerts: [], now, graceMs, digestThreshold: 3, ...input });

describe('planAlerts', () => {
  it('tracks a new condition silently while its grace period runs', () => {
    const c = condition('w1');

    expect(plan({ conditions: [c] })).toEqual([{ kind: 'track', condition: c, firstSeen: NOW }]);
  });

  it('says nothing while a pending condition is still inside its grace period', () => {
    const c = condition('w1');

    expect(
      plan({ conditions: [c], alerts: [alert(c, { status: 'pending', firstSeen: minutesAgo(1) })] }),
    ).toEqual([]);
  });

  it('opens a condition that held for the grace period, from when it was first seen', () => {
    const c = condition('w1');

    const actions = plan({
      conditions: [c],
      alerts: [alert(c, { status: 'pending', firstSeen: minutesAgo(2) })],
    });

    expect(actions).toEqual([{ kind: 'open', alerts: [{ condition: c, firstSeen: minutesAgo(2) }] }]);
  });

  it('opens at once a condition Omni says began longer ago than its hold', () => {
    const c = condition('w3', { condition: 'stuck-teardown', since: minutesAgo(12), holdMs: 10 * 60_000 });

    expect(plan({ conditions: [c] })).toEqual([{ kind: 'open', alerts: [{ condition: c, firstSeen: NOW }] }]);
  });

  it('holds a condition for its own hold time rather than the grace period', () => {
    const c = condition('talos-prod', {
      condition: 'cluster-not-ready',
      since: minutesAgo(5),
      holdMs: 10 * 60_000,
    });

    expect(plan({ conditions: [c] })).toEqual([{ kind: 'track', condition: c, firstSeen: NOW }]);
  });

  it('forgets a condition that cleared inside its grace period (a flap)', () => {
    const c = condition('w1');

    expect(plan({ alerts: [alert(c, { status: 'pending', firstSeen: minutesAgo(1) })] })).toEqual([
      { kind: 'forget', fingerprint: 'machine-unreachable:w1' },
    ]);
  });

  it('posts nothing new while an open condition persists unchanged', () => {
    const c = condition('w1');

    expect(plan({ conditions: [c], alerts: [alert(c)] })).toEqual([]);
  });

  it('threads a change under the first message', () => {
    const before = condition('w1');
    const after = condition('w1', {
      summary: 'w1 in talos-prod is unreachable (last known stage DESTROYING)',
    });
    const stored = alert(before);

    expect(plan({ conditions: [after], alerts: [stored] })).toEqual([
      { kind: 'note', alert: stored, condition: after },
    ]);
  });

  it('resolves a cleared open alert with how long it lasted', () => {
    const stored = alert(condition('w1'), { firstSeen: minutesAgo(30) });

    expect(plan({ alerts: [stored] })).toEqual([
      { kind: 'resolve', message: MESSAGE, alerts: [stored], durationMs: 30 * 60_000 },
    ]);
  });

  it('posts again an open alert Slack never took, and forgets it if it cleared', () => {
    const c = condition('w1');
    const unposted = alert(c, { messageTs: null });

    expect(plan({ conditions: [c], alerts: [unposted] })).toEqual([
      { kind: 'open', alerts: [{ condition: c, firstSeen: unposted.firstSeen }] },
    ]);
    expect(plan({ alerts: [unposted] })).toEqual([{ kind: 'forget', fingerprint: unposted.fingerprint }]);
  });

  it('leaves alerts of kinds this poll could not see as they are', () => {
    const provider = alert(
      condition('proxmox', { condition: 'provider-disconnected', diagnose: 'provider-status' }),
    );
    const omni = condition('omni', { condition: 'omni-unavailable', diagnose: 'provider-status' });

    expect(plan({ conditions: [omni], alerts: [provider], observed: ['omni-unavailable'] })).toEqual([
      { kind: 'track', condition: omni, firstSeen: NOW },
    ]);
  });

  it('opens more new alerts than the threshold as one digest', () => {
    const conditions = ['w1', 'w2', 'w3', 'w4'].map((id) => condition(id, { since: minutesAgo(5) }));

    expect(plan({ conditions })).toEqual([
      { kind: 'open-digest', alerts: conditions.map((c) => ({ condition: c, firstSeen: NOW })) },
    ]);
  });

  it('redraws a digest when one of its alerts clears', () => {
    const [w1, w2, w3] = ['w1', 'w2', 'w3'].map((id) => condition(id));
    const digest = { digest: true, messageTs: '2000.000200' };
    const gone = alert(w1!, { ...digest, firstSeen: minutesAgo(10) });
    const earlier = alert(w3!, {
      ...digest,
      status: 'resolved',
      firstSeen: minutesAgo(10),
      resolvedAt: minutesAgo(4),
    });
    const still = alert(w2!, digest);

    const actions = plan({ conditions: [w2!], alerts: [gone, still, earlier] });

    expect(actions).toEqual([
      {
        kind: 'resolve',
        message: { channel: 'C0INC', ts: '2000.000200', digest: true },
        alerts: [gone],
        durationMs: 10 * 60_000,
      },
      {
        kind: 'update-digest',
        channel: 'C0INC',
        ts: '2000.000200',
        entries: [
          { condition: w1, status: 'resolved', durationMs: 10 * 60_000 },
          { condition: w2, status: 'open' },
          { condition: w3, status: 'resolved', durationMs: 6 * 60_000 },
        ],
      },
    ]);
  });

  it('starts over when a resolved condition comes back', () => {
    const c = condition('w1');

    expect(
      plan({ conditions: [c], alerts: [alert(c, { status: 'resolved', resolvedAt: minutesAgo(5) })] }),
    ).toEqual([{ kind: 'track', condition: c, firstSeen: NOW }]);
  });

  describe('one message per subject', () => {
    const stuck = condition('w3', {
      condition: 'stuck-teardown',
      summary: 'w3 in talos-prod is stuck tearing down',
      since: minutesAgo(12),
      holdMs: 10 * 60_000,
    });
    const unreachable = condition('w3', { since: minutesAgo(12) });

    it('opens one alert naming both conditions of a machine that is stuck and unreachable', () => {
      expect(plan({ conditions: [stuck, unreachable] })).toEqual([
        {
          kind: 'open',
          alerts: [
            { condition: stuck, firstSeen: NOW },
            { condition: unreachable, firstSeen: NOW },
          ],
        },
      ]);
    });

    it('announces a subject with the conditions still inside their grace period, and tracks the rest', () => {
      const fresh = condition('w3');
      const elsewhere = condition('w4');

      expect(plan({ conditions: [stuck, fresh, elsewhere] })).toEqual([
        {
          kind: 'open',
          alerts: [
            { condition: stuck, firstSeen: NOW },
            { condition: fresh, firstSeen: NOW },
          ],
        },
        { kind: 'track', condition: elsewhere, firstSeen: NOW },
      ]);
    });

    it('counts subjects, not conditions, against the digest threshold', () => {
      const others = ['w1', 'w2'].map((id) => condition(id, { since: minutesAgo(5) }));

      const actions = plan({ conditions: [stuck, unreachable, ...others] });

      expect(actions.map((a) => a.kind)).toEqual(['open', 'open', 'open']);
    });

    it('threads a condition that appears later and redraws the subject’s message', () => {
      const stored = alert(stuck);

      expect(plan({ conditions: [stuck, unreachable], alerts: [stored] })).toEqual([
        {
          kind: 'change',
          message: MESSAGE,
          joined: [{ condition: unreachable, firstSeen: NOW }],
          cleared: [],
          current: [
            { condition: stuck, firstSeen: stored.firstSeen },
            { condition: unreachable, firstSeen: NOW },
          ],
        },
      ]);
    });

    it('threads a condition that clears while another holds, and resolves when the last one clears', () => {
      const both = [alert(stuck), alert(unreachable, { firstSeen: minutesAgo(20) })];

      expect(plan({ conditions: [stuck], alerts: both })).toEqual([
        {
          kind: 'change',
          message: MESSAGE,
          joined: [],
          cleared: [{ alert: both[1], durationMs: 20 * 60_000 }],
          current: [{ condition: stuck, firstSeen: both[0]!.firstSeen }],
        },
      ]);
      expect(plan({ alerts: both })).toEqual([
        { kind: 'resolve', message: MESSAGE, alerts: both, durationMs: 30 * 60_000 },
      ]);
    });

    it('keeps the separate messages of alerts stored before subjects existed, and posts none again', () => {
      const older = alert(stuck, { messageTs: '1000.000100', openedAt: minutesAgo(28) });
      const newer = alert(unreachable, { messageTs: '1000.000200', openedAt: minutesAgo(27) });
      const labels = condition('w3', {
        condition: 'node-label-loop',
        summary: 'w3 labels refused',
        since: minutesAgo(5),
      });

      expect(plan({ conditions: [stuck, unreachable], alerts: [older, newer] })).toEqual([]);
      expect(plan({ conditions: [stuck], alerts: [older, newer] })).toEqual([
        {
          kind: 'resolve',
          message: { channel: 'C0INC', ts: '1000.000200', digest: false },
          alerts: [newer],
          durationMs: 30 * 60_000,
        },
      ]);
      const joined = plan({ conditions: [stuck, unreachable, labels], alerts: [older, newer] });
      expect(joined).toMatchObject([{ kind: 'change', message: MESSAGE, joined: [{ condition: labels }] }]);
    });
  });
});

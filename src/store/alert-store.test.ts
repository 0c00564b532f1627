import { describe, expect, it } from 'vitest';
import { type AlertFacts, createAlertStore } from './alert-store.js';
import { openDatabase } from './open-database.js';

function facts(resource: string, change: Partial<AlertFacts> = {}): AlertFacts {
  return {
    fingerprint: `machine-unreachable:${resource}`,
    condition: 'machine-unreachable',
    resource,
    cluster: 'talos-prod',
    summary: `${resource} is unreachable`,
    diagnose: 'stuck-machines',
    since: null,
    detail: { machineId: resource },
    lastError: null,
    ...change,
  };
}

const at = (minute: number) => `2026-08-22T09:${String(minute).padStart(2, '0')}:00.000Z`;

describe('alert store', () => {
  it('walks an alert from pending to open to resolved', () => {
    const alerts = createAlertStore(openDatabase(':memory:'));

    alerts.track(facts('w1'), at(0), at(0));
    alerts.markOpen(facts('w1'), { firstSeen: at(0), at: at(2), channel: 'C0INC', digest: false });
    alerts.setMessage('machine-unreachable:w1', '1000.0001');
    const resolved = alerts.resolve('machine-unreachable:w1', at(9));

    expect(resolved).toBe(true);
    expect(alerts.get('machine-unreachable:w1')).toMatchObject({
      status: 'resolved',
      firstSeen: at(0),
      openedAt: at(2),
      resolvedAt: at(9),
      channel: 'C0INC',
      messageTs: '1000.0001',
      digest: false,
    });
    expect(alerts.active()).toEqual([]);
  });

  it('lets a pending alert take new wording, an open one only through change()', () => {
    const alerts = createAlertStore(openDatabase(':memory:'));
    alerts.track(facts('w1'), at(0), at(0));
    alerts.markOpen(facts('w2'), { firstSeen: at(0), at: at(0), channel: 'C0INC', digest: false });

    alerts.seen(facts('w1', { summary: 'new words' }), at(1));
    alerts.seen(facts('w2', { summary: 'new words', lastError: 'boom' }), at(1));
    alerts.seen(facts('w2', { summary: 'newer words' }), at(2));

    expect(alerts.get('machine-unreachable:w1')).toMatchObject({ summary: 'new words', lastSeen: at(1) });
    expect(alerts.get('machine-unreachable:w2')).toMatchObject({
      summary: 'w2 is unreachable',
      lastError: 'boom',
      lastSeen: at(2),
    });
  });

  it('starts a returning condition over in the same row', () => {
    const alerts = createAlertStore(openDatabase(':memory:'));
    alerts.markOpen(facts('w1'), { firstSeen: at(0), at: at(0), channel: 'C0INC', digest: false });
    alerts.setMessage('machine-unreachable:w1', '1000.0001');
    alerts.resolve('machine-unreachable:w1', at(5));

    alerts.track(facts('w1'), at(7), at(7));

    expect(alerts.get('machine-unreachable:w1')).toMatchObject({
      status: 'pending',
      firstSeen: at(7),
      openedAt: null,
      resolvedAt: null,
      messageTs: null,
    });
  });

  it('hands out resolved digest members while their digest has open ones', () => {
    const alerts = createAlertStore(openDatabase(':memory:'));
    for (const id of ['w1', 'w2']) {
      alerts.markOpen(facts(id), { firstSeen: at(0), at: at(0), channel: 'C0INC', digest: true });
      alerts.setMessage(`machine-unreachable:${id}`, '2000.0002');
    }

    alerts.resolve('machine-unreachable:w1', at(3));
    const whileOpen = alerts.active().map((a) => a.fingerprint);
    alerts.resolve('machine-unreachable:w2', at(4));

    expect(whileOpen).toEqual(['machine-unreachable:w1', 'machine-unreachable:w2']);
    expect(alerts.active()).toEqual([]);
  });

  it('forgets a flap', () => {
    const alerts = createAlertStore(openDatabase(':memory:'));
    alerts.track(facts('w1'), at(0), at(0));

    alerts.forget('machine-unreachable:w1');

    expect(alerts.get('machine-unreachable:w1')).toBeUndefined();
  });
});

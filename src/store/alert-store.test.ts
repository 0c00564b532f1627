import { expect, it } from 'vitest';
import { storeEngines } from '../../test/support/store/store-engines.js';
import type { AlertFacts } from './alert-store.js';

const { describeEachEngine } = await storeEngines();

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

describeEachEngine('alert store', (engine) => {
  const alertStore = async () => (await engine.open()).store.alerts;

  it('walks an alert from pending to open to resolved', async () => {
    const alerts = await alertStore();

    await alerts.track(facts('w1'), at(0), at(0));
    await alerts.markOpen(facts('w1'), { firstSeen: at(0), at: at(2), channel: 'C0INC', digest: false });
    await alerts.setMessage('machine-unreachable:w1', '1000.0001');
    const resolved = await alerts.resolve('machine-unreachable:w1', at(9));

    expect(resolved).toBe(true);
    expect(await alerts.get('machine-unreachable:w1')).toMatchObject({
      status: 'resolved',
      firstSeen: at(0),
      openedAt: at(2),
      resolvedAt: at(9),
      channel: 'C0INC',
      messageTs: '1000.0001',
      digest: false,
    });
    expect(await alerts.active()).toEqual([]);
  });

  it('lets a pending alert take new wording, an open one only through change()', async () => {
    const alerts = await alertStore();
    await alerts.track(facts('w1'), at(0), at(0));
    await alerts.markOpen(facts('w2'), { firstSeen: at(0), at: at(0), channel: 'C0INC', digest: false });

    await alerts.seen(facts('w1', { summary: 'new words' }), at(1));
    await alerts.seen(facts('w2', { summary: 'new words', lastError: 'boom' }), at(1));
    await alerts.seen(facts('w2', { summary: 'newer words' }), at(2));

    expect(await alerts.get('machine-unreachable:w1')).toMatchObject({
      summary: 'new words',
      lastSeen: at(1),
    });
    expect(await alerts.get('machine-unreachable:w2')).toMatchObject({
      summary: 'w2 is unreachable',
      lastError: 'boom',
      lastSeen: at(2),
    });
  });

  it('starts a returning condition over in the same row', async () => {
    const alerts = await alertStore();
    await alerts.markOpen(facts('w1'), { firstSeen: at(0), at: at(0), channel: 'C0INC', digest: false });
    await alerts.setMessage('machine-unreachable:w1', '1000.0001');
    await alerts.resolve('machine-unreachable:w1', at(5));

    await alerts.track(facts('w1'), at(7), at(7));

    expect(await alerts.get('machine-unreachable:w1')).toMatchObject({
      status: 'pending',
      firstSeen: at(7),
      openedAt: null,
      resolvedAt: null,
      messageTs: null,
    });
  });

  it('hands out resolved digest members while their digest has open ones', async () => {
    const alerts = await alertStore();
    for (const id of ['w1', 'w2']) {
      await alerts.markOpen(facts(id), { firstSeen: at(0), at: at(0), channel: 'C0INC', digest: true });
      await alerts.setMessage(`machine-unreachable:${id}`, '2000.0002');
    }

    await alerts.resolve('machine-unreachable:w1', at(3));
    const whileOpen = (await alerts.active()).map((a) => a.fingerprint);
    await alerts.resolve('machine-unreachable:w2', at(4));

    expect(whileOpen).toEqual(['machine-unreachable:w1', 'machine-unreachable:w2']);
    expect(await alerts.active()).toEqual([]);
  });

  it('forgets a flap', async () => {
    const alerts = await alertStore();
    await alerts.track(facts('w1'), at(0), at(0));

    await alerts.forget('machine-unreachable:w1');

    expect(await alerts.get('machine-unreachable:w1')).toBeUndefined();
  });

  it('lists the open alerts by when they opened, and rewords one through change()', async () => {
    const alerts = await alertStore();
    await alerts.markOpen(facts('w2'), { firstSeen: at(0), at: at(3), channel: 'C0INC', digest: false });
    await alerts.markOpen(facts('w1'), { firstSeen: at(0), at: at(2), channel: 'C0INC', digest: false });
    await alerts.track(facts('w3'), at(0), at(0));

    await alerts.change('machine-unreachable:w2', 'w2 is back, but slow', { machineId: 'w2', slow: true });

    expect((await alerts.open()).map((a) => a.fingerprint)).toEqual([
      'machine-unreachable:w1',
      'machine-unreachable:w2',
    ]);
    expect(await alerts.get('machine-unreachable:w2')).toMatchObject({
      summary: 'w2 is back, but slow',
      detail: { machineId: 'w2', slow: true },
    });
  });
});

import { expect, it } from 'vitest';
import { storeEngines } from '../../test/support/store/store-engines.js';
import { at, sampleRequest } from '../../test/support/store/store-samples.js';
import type { AlertFacts } from './alert-store.js';

const { describeEachEngine } = await storeEngines();

const facts = (resource: string, cluster: string): AlertFacts => ({
  fingerprint: `machine-unreachable:${resource}`,
  condition: 'machine-unreachable',
  resource,
  cluster,
  summary: `${resource} is unreachable`,
  diagnose: 'stuck-machines',
  since: null,
  detail: {},
  lastError: null,
});

describeEachEngine('timeline reads', (engine) => {
  it('find a cluster’s requests since a time, in the order they came, ties included', async () => {
    const { store } = await engine.open();
    for (const [id, minute, cluster] of [
      ['r-old', 0, 'talos-prod'],
      ['r-b', 5, 'talos-prod'],
      ['r-a', 5, 'talos-prod'],
      ['r-dev', 6, 'talos-dev'],
      ['r-c', 7, 'talos-prod'],
    ] as const) {
      await store.requests.insert(sampleRequest(id, { cluster, createdAt: at(minute) }));
    }

    expect(await store.timeline.requestIdsOfCluster('talos-prod', at(5))).toEqual(['r-b', 'r-a', 'r-c']);
  });

  it('find the alerts of a cluster seen in a window, the freezes in it, and a run’s own audit lines', async () => {
    const { store } = await engine.open();
    await store.alerts.track(facts('w1', 'talos-prod'), at(1), at(3));
    await store.alerts.track(facts('w2', 'talos-prod'), at(8), at(9));
    await store.alerts.track(facts('w3', 'talos-dev'), at(1), at(3));
    await store.audit.append({ at: at(2), actor: 'U0ALICE', action: 'freeze', detail: { reason: 'x' } });
    await store.audit.append({ at: at(4), actor: 'U0BOB', action: 'step.ok', runId: 'run-1', detail: {} });
    await store.audit.append({
      at: at(4),
      actor: 'U0BOB',
      action: 'request.approved',
      requestId: 'r-1',
      runId: 'run-1',
      detail: {},
    });
    await store.audit.append({ at: at(6), actor: 'U0ALICE', action: 'unfreeze', detail: {} });

    expect((await store.timeline.alertsOfCluster('talos-prod', at(2), at(7))).map((a) => a.resource)).toEqual(
      ['w1'],
    );
    expect((await store.timeline.freezesBetween(at(0), at(5))).map((e) => e.action)).toEqual(['freeze']);
    expect((await store.timeline.freezesBetween(at(0), at(6))).map((e) => e.action)).toEqual([
      'freeze',
      'unfreeze',
    ]);
    expect((await store.timeline.runOnlyAudit('run-1')).map((e) => e.action)).toEqual(['step.ok']);
  });
});

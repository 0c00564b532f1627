// talos-prod after a successful recovery: the fixed template synced, w3 healthy again, the
// provider running with a fresh key.

import { reconcile } from '../reconcile.mjs';
import { loadTemplate } from '../template/load-template.mjs';
import { applyPlan, planSync } from '../template/plan-sync.mjs';
import { readFixture } from './fixtures.mjs';
import { FIXED_TEMPLATE, talosProdState } from './talos-prod.mjs';

const NOW = '2026-08-22T09:30:00Z';

export function healthyState() {
  const state = talosProdState();
  const fixed = readFixture('cluster-template.fixed.yaml');
  applyPlan(state, planSync(state, loadTemplate(fixed, FIXED_TEMPLATE), NOW), NOW);
  state.templates['talos-prod'] = fixed;
  const healthyRev = state.machines.find((rec) => rec.connected)?.rev;
  for (const rec of state.machines) {
    if (rec.connected && rec.clusterMachinePhase === 'running') continue;
    Object.assign(rec, {
      connected: true,
      ready: true,
      stage: 4,
      clusterMachinePhase: 'running',
      machineRequestPhase: 'running',
    });
    rec.rev = structuredClone(healthyRev);
  }
  state.provider.connected = true;
  state.provider.keyExpiredAt = '2027-08-22T09:25:00Z';
  reconcile(state, NOW);
  return state;
}

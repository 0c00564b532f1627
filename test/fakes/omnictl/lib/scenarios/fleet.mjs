// Large generated fleets for benchmarks: N machines in clusters of `clusterSize` (3 control
// planes + workers), every cluster built from its own template, a few percent of the workers
// stuck like w3 (disconnected + tearing down) or just disconnected. Deterministic.

import { newMachineRecord } from '../machine-record.mjs';
import { reconcile } from '../reconcile.mjs';
import { loadTemplate } from '../template/load-template.mjs';
import { applyPlan, planSync } from '../template/plan-sync.mjs';
import { baseState } from './base-state.mjs';

const NOW = '2026-08-22T09:00:00Z';

function fleetTemplate(name, controlPlanes, workers) {
  return [
    `kind: Cluster\nname: ${name}\nkubernetes:\n  version: v1.34.2\ntalos:\n  version: v1.11.5`,
    `kind: ControlPlane\nmachineClass:\n  name: proxmox-controlplane\n  size: ${controlPlanes}`,
    `kind: Workers\nmachineClass:\n  name: proxmox-worker\n  size: ${workers}\npatches:\n  - name: worker-labels\n    inline:\n      machine:\n        nodeLabels:\n          topology.kubernetes.io/zone: homelab`,
  ].join('\n---\n');
}

/**
 * @param {{machines: number, stuckRatio: number, clusterSize?: number}} spec
 */
export function generateFleet(spec) {
  const state = baseState();
  state.provisionGets = 0;
  const clusterSize = Math.max(4, spec.clusterSize ?? 100);
  const classes = new Map(
    state.resources['MachineClasses.omni.sidero.dev'].map((c) => [
      c.metadata.id,
      c.spec.autoprovision.providerdata,
    ]),
  );
  const stuckEvery = spec.stuckRatio > 0 ? Math.max(1, Math.round(1 / spec.stuckRatio)) : 0;
  let made = 0;
  for (let c = 0; made < spec.machines; c++) {
    const name = `fleet-${String(c + 1).padStart(3, '0')}`;
    const size = Math.min(clusterSize, spec.machines - made);
    const cps = Math.min(3, size);
    const text = fleetTemplate(name, cps, size - cps);
    const tmpl = loadTemplate(text, `/fleet/${name}.yaml`);
    applyPlan(state, planSync(state, tmpl, NOW), NOW);
    state.templates[name] = text;
    for (let i = 0; i < size; i++) {
      const role = i < cps ? 'controlplane' : 'worker';
      const machineSet = role === 'controlplane' ? `${name}-control-planes` : `${name}-workers`;
      const machineClass = role === 'controlplane' ? 'proxmox-controlplane' : 'proxmox-worker';
      const rec = newMachineRecord(
        state,
        {
          cluster: name,
          machineSet,
          machineClass,
          role,
          talosVersion: '1.11.5',
          kubernetesVersion: '1.34.2',
          providerData: classes.get(machineClass),
        },
        NOW,
      );
      rec.nodeLabelConflict = false;
      const n = made + i;
      if (role === 'worker' && stuckEvery > 0 && n % stuckEvery === stuckEvery - 1) {
        // Alternate the two ways a machine goes bad: w3's stuck teardown, or only unreachable.
        const stuckTeardown = Math.floor(n / stuckEvery) % 2 === 0;
        Object.assign(rec, { connected: false, ready: false, stage: stuckTeardown ? 5 : 4 });
        if (stuckTeardown) rec.clusterMachinePhase = 'tearingDown';
      }
      state.machines.push(rec);
    }
    made += size;
  }
  reconcile(state, NOW);
  return state;
}

// What Omni's controllers do once a machine's Link is torn down (notes §3.4): the Machine,
// MachineStatus, ClusterMachine (even one stuck tearing down), ClusterMachineStatus, and the
// MachineRequest + MachineRequestStatus the machine was created from all go away. In the fake
// they are all views of one machine record, so removing the record is the whole cascade.

import { bumpRev } from './rev.mjs';

/** @param {any} state @param {string} uuid @returns {boolean} whether there was such a machine */
export function removeMachine(state, uuid) {
  const before = state.machines.length;
  state.machines = state.machines.filter((rec) => rec.uuid !== uuid);
  return state.machines.length !== before;
}

/** @param {any} state @param {string} requestId */
export function machineByRequest(state, requestId) {
  return state.machines.find((rec) => rec.request === requestId);
}

/** @param {any} state @param {string} uuid */
export function machineByUuid(state, uuid) {
  return state.machines.find((rec) => rec.uuid === uuid);
}

/** Starts the teardown a cluster deletion or scale-down causes: gone after `teardownGets` gets. */
export function startTeardown(state, rec, now) {
  if (rec.teardownGetsLeft != null) return;
  if (rec.clusterMachinePhase !== null) rec.clusterMachinePhase = 'tearingDown';
  rec.machineRequestPhase = 'tearingDown';
  rec.stage = 5;
  rec.ready = false;
  rec.teardownGetsLeft = Math.max(1, state.teardownGets ?? 2);
  bumpRev(rec, ['clusterMachine', 'clusterMachineStatus', 'machineRequest'], now);
}

/**
 * Called once per `get`: machines being torn down or provisioned move one step on.
 * @returns {boolean} whether anything changed
 */
export function advanceCountdowns(state, now) {
  let changed = false;
  for (const rec of state.machines) {
    if (rec.teardownGetsLeft != null) {
      rec.teardownGetsLeft -= 1;
      changed = true;
    }
    if (rec.provisionGetsLeft != null) {
      rec.provisionGetsLeft -= 1;
      changed = true;
      if (rec.provisionGetsLeft <= 0) {
        delete rec.provisionGetsLeft;
        rec.stage = 4;
        rec.ready = true;
        bumpRev(rec, ['clusterMachineStatus', 'machineRequestStatus', 'machineStatus'], now);
      }
    }
  }
  const before = state.machines.length;
  state.machines = state.machines.filter((rec) => rec.teardownGetsLeft == null || rec.teardownGetsLeft > 0);
  return changed || state.machines.length !== before;
}

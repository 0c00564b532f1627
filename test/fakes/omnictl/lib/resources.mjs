// Lists the resources of one type from the state: stored ones as they are, per-machine ones built
// from the machine records. Always sorted by ID, as the backend returns them.

import {
  buildClusterMachine,
  buildClusterMachineStatus,
  buildLink,
  buildMachine,
  buildMachineRequest,
  buildMachineRequestStatus,
} from './builders/machine-resources.mjs';
import { buildMachineStatus } from './builders/machine-status.mjs';

const byId = (a, b) => (a.metadata.id < b.metadata.id ? -1 : a.metadata.id > b.metadata.id ? 1 : 0);

/** Which records have a resource of the given kind. */
const PRESENT = {
  machine: () => true,
  machineStatus: () => true,
  link: () => true,
  clusterMachine: (rec) => rec.clusterMachinePhase !== null,
  clusterMachineStatus: (rec) => rec.clusterMachinePhase !== null,
  machineRequest: (rec) => rec.request !== null,
  machineRequestStatus: (rec) => rec.request !== null,
};

/** @param {any} state */
function providerDataLookup(state) {
  const classes = state.resources['MachineClasses.omni.sidero.dev'] ?? [];
  const byName = new Map(classes.map((c) => [c.metadata.id, c.spec.autoprovision?.providerdata ?? '']));
  return (name) => byName.get(name) ?? '';
}

/** Builds one per-machine resource of `kind` for a record. */
export function buildForRecord(state, kind, rec, providerData = providerDataLookup(state)) {
  switch (kind) {
    case 'machine':
      return buildMachine(rec);
    case 'machineStatus':
      return buildMachineStatus(rec, state.omni.endpoint);
    case 'link':
      return buildLink(rec);
    case 'clusterMachine':
      return buildClusterMachine(rec);
    case 'clusterMachineStatus':
      return buildClusterMachineStatus(rec);
    case 'machineRequest':
      return buildMachineRequest(rec, providerData(rec.machineClass));
    case 'machineRequestStatus':
      return buildMachineRequestStatus(rec);
    default:
      throw new Error(`unknown machine resource kind ${kind}`);
  }
}

/**
 * @param {any} state
 * @param {import('./types.mjs').TypeDef} def
 * @returns {any[]}
 */
export function listResources(state, def) {
  if (def.source === 'none') return [];
  if (def.source === 'stored') return [...(state.resources[def.fullType] ?? [])].sort(byId);
  const kind = /** @type {keyof typeof PRESENT} */ (def.kind);
  const providerData = providerDataLookup(state);
  return state.machines
    .filter(PRESENT[kind])
    .map((rec) => buildForRecord(state, kind, rec, providerData))
    .sort(byId);
}

/** The stored resources of a type (created on first use). */
export function storedList(state, fullType) {
  state.resources[fullType] ??= [];
  return state.resources[fullType];
}

export function findStored(state, fullType, id) {
  return (state.resources[fullType] ?? []).find((r) => r.metadata.id === id);
}

export function removeStored(state, fullType, predicate) {
  const list = state.resources[fullType] ?? [];
  state.resources[fullType] = list.filter((r) => !predicate(r));
  return list.length - state.resources[fullType].length;
}

/** Replaces (or adds) a stored resource by ID. */
export function putStored(state, resource) {
  const list = storedList(state, resource.metadata.type);
  const i = list.findIndex((r) => r.metadata.id === resource.metadata.id);
  if (i >= 0) list[i] = resource;
  else list.push(resource);
}

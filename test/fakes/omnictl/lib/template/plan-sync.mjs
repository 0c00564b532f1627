// Template sync and delete as omnictl plans them (client/pkg/template/template.go): compare the
// resources the template asks for with the user-owned ones of the cluster, then create, update
// and destroy (machine sets first). Output lines and diffs follow operations/sync.go and diff.go.

import {
  buildCluster,
  buildConfigPatch,
  buildMachineSet,
  CLUSTER_FINALIZERS,
} from '../builders/cluster-resources.mjs';
import { startTeardown } from '../cascade.mjs';
import { renderCompactJson } from '../render-json.mjs';
import { findStored, putStored, removeStored } from '../resources.mjs';

const CLUSTER = 'Clusters.omni.sidero.dev';
const PATCH = 'ConfigPatches.omni.sidero.dev';
const SET = 'MachineSets.omni.sidero.dev';
const ORDER = { [CLUSTER]: 1, [PATCH]: 3, [SET]: 4 };

const byCanonicalOrder = (a, b) =>
  ORDER[a.metadata.type] - ORDER[b.metadata.type] ||
  (a.metadata.id < b.metadata.id ? -1 : a.metadata.id > b.metadata.id ? 1 : 0);

export const describe = (r) => `${r.metadata.type}(${r.metadata.id})`;

const ofCluster = (name) => (r) =>
  r.metadata.labels?.['omni.sidero.dev/cluster'] === name && r.metadata.owner === null;

/** The user-owned resources of a cluster: what a template manages. */
function actualResources(state, name) {
  const cluster = findStored(state, CLUSTER, name);
  return [
    ...(cluster ? [cluster] : []),
    ...(state.resources[SET] ?? []).filter(ofCluster(name)),
    ...(state.resources[PATCH] ?? []).filter(ofCluster(name)),
  ];
}

/** Expected resources, reusing version/created/updated/finalizers of existing ones "to minimize the diff". */
function expectedResources(tmpl, actualByKey, now) {
  const md = (type, id) => {
    const actual = actualByKey.get(`${type}/${id}`);
    return actual
      ? {
          id,
          version: actual.metadata.version,
          created: actual.metadata.created,
          updated: actual.metadata.updated,
          finalizers: actual.metadata.finalizers,
        }
      : { id, version: 1, created: now, updated: now };
  };
  return [
    buildCluster(md(CLUSTER, tmpl.clusterName), tmpl.cluster),
    ...tmpl.patches.map((p) => buildConfigPatch(md(PATCH, p.id), p)),
    ...tmpl.machineSets.map((s) => buildMachineSet(md(SET, s.id), s)),
  ];
}

const comparable = (r) =>
  renderCompactJson({ spec: r.spec, labels: r.metadata.labels, annotations: r.metadata.annotations });

/** Drops what goes away with the cluster anyway (deduplicateDeletion), then machine sets first. */
function destroyPhases(toDelete) {
  const deletingCluster = toDelete.some((r) => r.metadata.type === CLUSTER);
  const kept = toDelete.filter((r) => r.metadata.type === CLUSTER || !deletingCluster);
  return [
    kept.filter((r) => r.metadata.type === SET).sort(byCanonicalOrder),
    kept.filter((r) => r.metadata.type !== SET).sort(byCanonicalOrder),
  ];
}

/**
 * @param {any} state
 * @param {ReturnType<typeof import('./load-template.mjs').loadTemplate>} tmpl
 * @param {string} now
 */
export function planSync(state, tmpl, now) {
  const actual = actualResources(state, tmpl.clusterName);
  const actualByKey = new Map(actual.map((r) => [`${r.metadata.type}/${r.metadata.id}`, r]));
  const expected = expectedResources(tmpl, actualByKey, now);
  const expectedKeys = new Set(expected.map((r) => `${r.metadata.type}/${r.metadata.id}`));
  const create = expected
    .filter((r) => !actualByKey.has(`${r.metadata.type}/${r.metadata.id}`))
    .sort(byCanonicalOrder);
  const update = expected
    .filter((r) => actualByKey.has(`${r.metadata.type}/${r.metadata.id}`))
    .map((next) => ({ old: actualByKey.get(`${next.metadata.type}/${next.metadata.id}`), next }))
    .filter(({ old, next }) => comparable(old) !== comparable(next))
    .sort((a, b) => byCanonicalOrder(a.next, b.next));
  const destroy = destroyPhases(
    actual.filter((r) => !expectedKeys.has(`${r.metadata.type}/${r.metadata.id}`)),
  );
  return { create, update, destroy };
}

/** A plan that tears down everything the template created (template delete / cluster delete). */
export function planDelete(state, name) {
  return { create: [], update: [], destroy: destroyPhases(actualResources(state, name)) };
}

/** The stdout lines of `sync`/`delete` for a plan. */
export function planLines(plan, dryRun) {
  const dry = dryRun ? ' (dry run)' : '';
  const lines = [
    ...plan.create.map((r) => `* creating${dry} ${describe(r)}`),
    ...plan.update.map(({ next }) => `* updating${dry} ${describe(next)}`),
  ];
  for (const phase of plan.destroy) {
    lines.push(...phase.map((r) => `* tearing down${dry} ${describe(r)}`));
    if (!dryRun) lines.push(...phase.map((r) => `* destroyed ${describe(r)}`));
  }
  return lines;
}

/** Writes a plan into the state; controllers (reconcile) do the rest. */
export function applyPlan(state, plan, now) {
  for (const r of plan.create) {
    // Controllers add their finalizers to a new cluster right away.
    if (r.metadata.type === CLUSTER) r.metadata.finalizers = [...CLUSTER_FINALIZERS];
    putStored(state, r);
  }
  for (const { next } of plan.update) {
    next.metadata.version += 1;
    next.metadata.updated = now;
    putStored(state, next);
  }
  for (const r of plan.destroy.flat()) {
    removeStored(state, r.metadata.type, (x) => x.metadata.id === r.metadata.id);
    if (r.metadata.type === CLUSTER) {
      removeStored(state, SET, ofCluster(r.metadata.id));
      removeStored(state, PATCH, ofCluster(r.metadata.id));
    }
  }
}

/**
 * Deletes a cluster's template resources; its machines then tear down, gone after
 * `teardownGets` more `get` calls. Returns the plan (for the output lines).
 */
export function tearDownCluster(state, name, now) {
  const plan = planDelete(state, name);
  applyPlan(state, plan, now);
  for (const rec of state.machines) if (rec.cluster === name) startTeardown(state, rec, now);
  delete state.templates[name];
  return plan;
}

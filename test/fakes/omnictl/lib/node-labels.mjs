// NodeRestriction (notes §6): which `machine.nodeLabels` keys a kubelet may not set on its Node.
// Talos's NodeApplyController then fails in a loop on such machines (the fixture machine logs).

import { parse } from 'yaml';

const ALLOWED = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
]);

const inDomain = (prefix, domain) => prefix === domain || prefix.endsWith(`.${domain}`);

/** @param {string} key */
export function isForbiddenNodeLabel(key) {
  const slash = key.indexOf('/');
  if (slash < 0) return false;
  const prefix = key.slice(0, slash);
  if (inDomain(prefix, 'node-restriction.kubernetes.io')) return true;
  if (ALLOWED.has(key) || inDomain(prefix, 'kubelet.kubernetes.io') || inDomain(prefix, 'node.kubernetes.io'))
    return false;
  return inDomain(prefix, 'kubernetes.io') || inDomain(prefix, 'k8s.io');
}

/** The forbidden node labels the config patches of a machine's cluster and machine set set. */
export function forbiddenLabelsFor(state, rec) {
  const patches = (state.resources['ConfigPatches.omni.sidero.dev'] ?? []).filter((p) => {
    const labels = p.metadata.labels ?? {};
    if (labels['omni.sidero.dev/cluster'] !== rec.cluster) return false;
    const set = labels['omni.sidero.dev/machine-set'];
    return set === undefined || set === rec.machineSet;
  });
  const keys = new Set();
  for (const patch of patches) {
    let doc;
    try {
      doc = parse(patch.spec.data);
    } catch {
      continue;
    }
    for (const key of Object.keys(doc?.machine?.nodeLabels ?? {}))
      if (isForbiddenNodeLabel(key)) keys.add(key);
  }
  return [...keys].sort();
}

// Reads a cluster template (multi-document YAML) and turns it into what Omni would store:
// the Cluster spec, its MachineSets and its ConfigPatches (IDs `<weight>-<prefix>-<name>`).

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CliError } from '../cli-error.mjs';
import { recordFileRead } from '../files-read.mjs';
import { renderYaml } from '../render-yaml.mjs';

const KNOWN_FIELDS = {
  Cluster: [
    'kind',
    'name',
    'kubernetes',
    'talos',
    'features',
    'patches',
    'systemExtensions',
    'kernelArgs',
    'labels',
    'annotations',
  ],
  ControlPlane: [
    'kind',
    'name',
    'machines',
    'machineClass',
    'patches',
    'updateStrategy',
    'deleteStrategy',
    'bootstrapSpec',
    'systemExtensions',
    'kernelArgs',
    'labels',
    'annotations',
  ],
  Machine: [
    'kind',
    'name',
    'install',
    'locked',
    'patches',
    'systemExtensions',
    'kernelArgs',
    'labels',
    'annotations',
  ],
};
KNOWN_FIELDS.Workers = [...KNOWN_FIELDS.ControlPlane];

/** go-yaml marshals a map[string]any with its keys sorted. */
function sortDeep(value) {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortDeep(value[k])]),
  );
}

function patchData(patch, baseDir, where) {
  if (patch.file !== undefined && patch.inline !== undefined) {
    throw new CliError(
      `${where}: patch "${patch.name ?? patch.file}" is invalid: path and inline are mutually exclusive`,
    );
  }
  if (patch.file !== undefined) {
    try {
      const file = resolve(baseDir, String(patch.file));
      const text = readFileSync(file, 'utf8');
      recordFileRead(file, text);
      return text;
    } catch (error) {
      throw new CliError(
        `${where}: patch "${patch.file}" is invalid: failed to access "${patch.file}": ${error.message}`,
      );
    }
  }
  if (patch.inline === undefined || patch.inline === null) {
    throw new CliError(`${where}: patch "${patch.name ?? ''}" is invalid: path or inline is required`);
  }
  if (!patch.name && !patch.idOverride) {
    throw new CliError(
      `${where}: patch is invalid: either name or idOverride is required for inline patches`,
    );
  }
  return renderYaml(sortDeep(patch.inline));
}

function translatePatches(list, prefix, baseWeight, machineSet, baseDir, cluster) {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new CliError(`patches of "${prefix}" must be a list`);
  return list.map((patch, i) => {
    const name = String(patch.name ?? patch.file ?? '');
    const data = patchData(patch, baseDir, `template for cluster "${cluster}"`);
    const id = patch.idOverride ?? `${String(baseWeight + i).padStart(3, '0')}-${prefix}-${name}`;
    return { id, name, cluster, machineSet, data };
  });
}

function machineSetOf(doc, cluster, role, baseDir) {
  const id = role === 'controlplane' ? `${cluster}-control-planes` : `${cluster}-${doc.name ?? 'workers'}`;
  if (doc.machineClass && doc.machines) {
    throw new CliError(`machine set "${id}" is invalid: machineClass and machines are mutually exclusive`);
  }
  const machineClass = doc.machineClass ? String(doc.machineClass.name ?? '') : null;
  if (doc.machineClass && (machineClass === '' || doc.machineClass.size === undefined)) {
    throw new CliError(`machine set "${id}" is invalid: machineClass requires name and size`);
  }
  const rawSize = doc.machineClass?.size;
  const size = rawSize === 'unlimited' ? 'unlimited' : Number(rawSize ?? (doc.machines ?? []).length);
  return {
    set: { id, cluster, role, machineClass, size },
    patches: translatePatches(doc.patches, id, 400, id, baseDir, cluster),
  };
}

function parseDocuments(text) {
  const docs = parseAllDocuments(text);
  const parsed = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) throw new CliError(`error decoding template: ${doc.errors[0]?.message}`);
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new CliError('error decoding template: unexpected node kind, expecting mapping');
    }
    if (typeof value.kind !== 'string') throw new CliError('error in document: kind field not found');
    const known = KNOWN_FIELDS[value.kind];
    if (!known) throw new CliError(`error in document: unknown model kind "${value.kind}"`);
    const unknown = Object.keys(value).find((k) => !known.includes(k));
    if (unknown)
      throw new CliError(`error decoding document: field ${unknown} not found in type models.${value.kind}`);
    parsed.push(value);
  }
  return parsed;
}

function version(doc, field) {
  const v = doc[field]?.version;
  if (typeof v !== 'string' || v === '') throw new CliError(`cluster ${field} version is required`);
  if (!v.startsWith('v')) throw new CliError(`${field} version should start with 'v': "${v}"`);
  return v.slice(1);
}

/**
 * @param {string} text the template's YAML
 * @param {string} path where it was read from (patch `file:` paths are relative to it)
 */
export function loadTemplate(text, path) {
  const docs = parseDocuments(text);
  const clusters = docs.filter((d) => d.kind === 'Cluster');
  if (clusters.length !== 1) throw new CliError(`template should contain 1 cluster, got ${clusters.length}`);
  const controlPlanes = docs.filter((d) => d.kind === 'ControlPlane');
  if (controlPlanes.length !== 1)
    throw new CliError(`template should contain 1 controlplane, got ${controlPlanes.length}`);
  const clusterDoc = clusters[0];
  const name = clusterDoc.name;
  if (typeof name !== 'string' || name === '') throw new CliError('cluster name is required');
  const baseDir = dirname(path);
  const f = clusterDoc.features ?? {};
  const sets = [
    machineSetOf(controlPlanes[0], name, 'controlplane', baseDir),
    ...docs.filter((d) => d.kind === 'Workers').map((d) => machineSetOf(d, name, 'worker', baseDir)),
  ];
  return {
    clusterName: name,
    cluster: {
      kubernetesVersion: version(clusterDoc, 'kubernetes'),
      talosVersion: version(clusterDoc, 'talos'),
      features: {
        enableworkloadproxy: Boolean(f.enableWorkloadProxy),
        diskencryption: Boolean(f.diskEncryption),
        useembeddeddiscoveryservice: Boolean(f.useEmbeddedDiscoveryService),
      },
    },
    machineSets: sets.map((s) => s.set),
    patches: [
      ...translatePatches(clusterDoc.patches, `cluster-${name}`, 200, null, baseDir, name),
      ...sets.flatMap((s) => s.patches),
    ],
  };
}

/** Reads and loads a template file, with omnictl's error for a missing file. */
export function loadTemplateFile(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`open ${path}: no such file or directory`);
  }
  recordFileRead(resolve(path), text);
  return loadTemplate(text, path);
}

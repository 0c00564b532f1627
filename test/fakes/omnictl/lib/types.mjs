// The resource definitions the fake's "server" knows, and omnictl's ResolveType over them
// (case-insensitive match on the definition ID and cosi's aliases).

import { CliError } from './cli-error.mjs';

/**
 * @typedef {'read-only' | 'infra-read-only' | 'read-delete' | 'user' | 'operator'} Access
 * @typedef {{
 *   fullType: string, display: string, namespace: string,
 *   columns: Array<[string, string[]]>, access: Access,
 *   source: 'machine' | 'stored' | 'none', kind?: string,
 * }} TypeDef
 */

/** @type {TypeDef[]} */
const SERVED = [
  machine('Machines', 'Machine', 'default', 'read-only', 'machine', [
    ['ADDRESS', ['managementaddress']],
    ['CONNECTED', ['connected']],
  ]),
  machine('MachineStatuses', 'MachineStatus', 'default', 'read-only', 'machineStatus', []),
  machine('ClusterMachines', 'ClusterMachine', 'default', 'read-only', 'clusterMachine', []),
  machine('ClusterMachineStatuses', 'ClusterMachineStatus', 'default', 'read-only', 'clusterMachineStatus', [
    ['READY', ['ready']],
    ['STAGE', ['stage']],
  ]),
  machine('Links', 'Link', 'default', 'read-delete', 'link', [
    ['CONNECTED', ['connected']],
    ['LASTENDPOINT', ['lastendpoint']],
  ]),
  machine('MachineRequests', 'MachineRequest', 'infra-provider', 'operator', 'machineRequest', [
    ['TALOS VERSION', ['talosversion']],
  ]),
  machine(
    'MachineRequestStatuses',
    'MachineRequestStatus',
    'infra-provider',
    'infra-read-only',
    'machineRequestStatus',
    [],
  ),
  stored('Clusters', 'Cluster', 'default', 'user', [
    ['TALOS VERSION', ['talosversion']],
    ['KUBERNETES VERSION', ['kubernetesversion']],
  ]),
  stored('ClusterStatuses', 'ClusterStatus', 'default', 'read-only', [
    ['AVAILABLE', ['available']],
    ['PHASE', ['phase']],
    ['MACHINES', ['machines', 'total']],
    ['HEALTHY', ['machines', 'healthy']],
  ]),
  stored('MachineClasses', 'MachineClass', 'default', 'user', []),
  stored('MachineSets', 'MachineSet', 'default', 'user', []),
  stored('ConfigPatches', 'ConfigPatch', 'default', 'user', []),
  stored('InfraProviderCombinedStatuses', 'InfraProviderCombinedStatus', 'ephemeral', 'read-only', [
    ['NAME', ['name']],
    ['DESCRIPTION', ['description']],
    ['VERSION', ['version']],
    ['CONNECTED', ['health', 'connected']],
  ]),
  stored(
    'InfraProviderHealthStatuses',
    'InfraProviderHealthStatus',
    'infra-provider-ephemeral',
    'infra-read-only',
    [
      ['LAST HEARTBEAT TIMESTAMP', ['lastheartbeattimestamp']],
      ['ERROR', ['error']],
    ],
  ),
];

// Registered on a real v1.10.4 server but not modelled: listing them is empty, and they take
// part in alias resolution so `cms`, `cs`, `ms`, `mrs`, `ips`, `cps` are ambiguous as for real.
const REGISTERED_ONLY = [
  ['ClusterMachineSecrets', 'ClusterMachineSecret', 'default', 'read-only'],
  ['ClusterMetrics', 'ClusterMetrics', 'ephemeral', 'read-only'],
  ['ClusterSecrets', 'ClusterSecrets', 'default', 'read-only'],
  ['ClusterMachineConfigs', 'ClusterMachineConfig', 'default', 'read-only'],
  ['ClusterMachineConfigStatuses', 'ClusterMachineConfigStatus', 'default', 'read-only'],
  ['ClusterMachineRequestStatuses', 'ClusterMachineRequestStatus', 'default', 'read-only'],
  ['ControlPlaneStatuses', 'ControlPlaneStatus', 'default', 'read-only'],
  ['LoadBalancerStatuses', 'LoadBalancerStatus', 'default', 'read-only'],
  ['KubernetesUpgradeStatuses', 'KubernetesUpgradeStatus', 'default', 'read-only'],
  ['TalosUpgradeStatuses', 'TalosUpgradeStatus', 'default', 'read-only'],
  ['MachineSetNodes', 'MachineSetNode', 'default', 'user'],
  ['MachineSetStatuses', 'MachineSetStatus', 'default', 'read-only'],
  ['MachineRequestSets', 'MachineRequestSet', 'default', 'user'],
  ['MachineLabels', 'MachineLabels', 'default', 'user'],
  ['KernelArgs', 'KernelArgs', 'default', 'user'],
  ['ExtensionsConfigurations', 'ExtensionsConfiguration', 'default', 'user'],
  ['PendingMachines', 'PendingMachine', 'default', 'read-delete'],
  ['InfraProviders', 'InfraProvider', 'infra-provider', 'user'],
  ['InfraProviderStatuses', 'InfraProviderStatus', 'infra-provider', 'infra-read-only'],
].map(([plural, display, namespace, access]) => ({
  fullType: `${plural}.omni.sidero.dev`,
  display: /** @type {string} */ (display),
  namespace: /** @type {string} */ (namespace),
  columns: [],
  access: /** @type {Access} */ (access),
  source: /** @type {const} */ ('none'),
}));

function machine(plural, display, namespace, access, kind, columns) {
  return {
    fullType: `${plural}.omni.sidero.dev`,
    display,
    namespace,
    columns,
    access,
    source: 'machine',
    kind,
  };
}

function stored(plural, display, namespace, access, columns) {
  return { fullType: `${plural}.omni.sidero.dev`, display, namespace, columns, access, source: 'stored' };
}

/** @type {TypeDef[]} */
export const TYPES = [...SERVED, ...REGISTERED_ONLY].sort((a, b) =>
  a.fullType.toLowerCase() < b.fullType.toLowerCase() ? -1 : 1,
);

/** cosi ResourceDefinition.Fill: singular, capital letters (+s), and every dotted prefix of the type. */
function aliasesOf(def) {
  const aliases = new Set([def.display.toLowerCase()]);
  const caps = def.display.replace(/[^A-Z]/g, '').toLowerCase();
  if (caps.length > 1) {
    aliases.add(caps);
    if (!caps.endsWith('s')) aliases.add(`${caps}s`);
  }
  const parts = def.fullType.toLowerCase().split('.');
  for (let i = 1; i <= parts.length; i++) aliases.add(parts.slice(0, i).join('.'));
  return aliases;
}

const ALIASES = new Map(TYPES.map((def) => [def, aliasesOf(def)]));

/** @param {string} arg @returns {TypeDef} */
export function resolveType(arg) {
  const wanted = arg.toLowerCase();
  const matches = TYPES.filter((def) => ALIASES.get(def)?.has(wanted));
  if (matches.length === 1) return /** @type {TypeDef} */ (matches[0]);
  if (matches.length === 0) throw new CliError(`resource "${arg}" is not registered`);
  const ids = matches.map((def) => def.fullType.toLowerCase()).join(' ');
  throw new CliError(`resource type "${arg}" is ambiguous: [${ids}]`);
}

/** @param {string} fullType */
export function typeByFullType(fullType) {
  const def = TYPES.find((t) => t.fullType === fullType);
  if (!def) throw new Error(`unknown type ${fullType}`);
  return def;
}

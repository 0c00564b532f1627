// Machine records: the compact per-machine state every per-machine resource is built from, so a
// 10,000-machine fleet stays a few megabytes of state. New records are deterministic (a counter
// hashed into UUIDs, request IDs, addresses and keys).

import { pseudoRandomBytes } from './pseudo-random.mjs';

export { bumpRev } from './rev.mjs';

// k8s utilrand alphabet, which MachineRequestSet IDs use.
const RAND_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Hardware a Proxmox machine class asks for (`providerdata` YAML: cores, memory MB, disk_size GB). */
export function hardwareFromProviderData(providerData, role) {
  const num = (key, fallback) =>
    Number(new RegExp(`^${key}:\\s*(\\d+)`, 'm').exec(providerData ?? '')?.[1] ?? fallback);
  const worker = role === 'worker';
  return {
    cores: num('cores', worker ? 8 : 4),
    memoryMb: num('memory', worker ? 16384 : 8192),
    diskGb: num('disk_size', worker ? 80 : 40),
  };
}

function hex(bytes, from, count) {
  return bytes.subarray(from, from + count).toString('hex');
}

/**
 * @param {any} state the scenario state (its `seq` counter is advanced)
 * @param {{cluster: string, machineSet: string, machineClass: string | null, role: string,
 *   talosVersion: string, kubernetesVersion: string, providerData?: string,
 *   connected?: boolean, ready?: boolean, stage?: number}} spec
 * @param {string} now
 */
export function newMachineRecord(state, spec, now) {
  const n = state.seq++;
  const bytes = pseudoRandomBytes(`${spec.machineSet}/${n}`, 32);
  // The UUID's last 4 bytes are a bijection of the counter, so UUIDs never collide.
  bytes.writeUInt32BE(Math.imul(n + 1, 0x9e3779b1) >>> 0, 12);
  const h = bytes.toString('hex');
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[(bytes[8] ?? 0) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  const suffix = [...bytes.subarray(16, 22)].map((b) => RAND_ALPHABET[b % RAND_ALPHABET.length]).join('');
  const request = `${spec.machineSet}-${suffix}`;
  const groups = [0, 2, 4, 6].map((i) => hex(bytes, 22 + i, 2).replace(/^0+(?=.)/, ''));
  const provisioning = (state.provisionGets ?? 0) > 0;
  return {
    uuid,
    cluster: spec.cluster,
    machineSet: spec.machineSet,
    machineClass: spec.machineClass,
    role: spec.role,
    provider: state.provider.id,
    requestSet: spec.machineSet,
    request,
    nodeName: request,
    siderolinkAddress: `fdae:41e4:649b:9303:${groups.join(':')}`,
    lanAddress: `10.${20 + Math.floor(n / 62500)}.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`,
    mac: `bc:24:11:${hex(bytes, 28, 1)}:${hex(bytes, 29, 1)}:${hex(bytes, 30, 1)}`,
    lastEndpoint: `203.0.113.${20 + (n % 200)}:${51820 + (n % 10000)}`,
    publicKey: bytes.toString('base64'),
    hardware: hardwareFromProviderData(spec.providerData, spec.role),
    talosVersion: spec.talosVersion,
    kubernetesVersion: spec.kubernetesVersion,
    connected: spec.connected ?? true,
    ready: spec.ready ?? !provisioning,
    stage: spec.stage ?? (provisioning ? 1 : 4),
    clusterMachinePhase: 'running',
    machineRequestPhase: 'running',
    nodeLabelConflict: spec.role === 'worker',
    ...(provisioning ? { provisionGetsLeft: state.provisionGets } : {}),
    created: now,
    rev: {},
  };
}

// MachineStatus built from a machine record: a Proxmox VM running Talos from the nocloud image.
// Field order is MachineStatusSpec's declaration order (v1.10.4), which `-o yaml` shows.

import { revOf } from '../rev.mjs';
import { buildMetadata, roleLabel } from './metadata.mjs';

const L = 'omni.sidero.dev/';
const SCHEMATIC = 'ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515';

function kernelCmdline(endpoint) {
  return [
    'talos.platform=nocloud console=tty1 console=ttyS0 net.ifnames=0 init_on_alloc=1 slab_nomerge pti=on',
    `consoleblank=0 siderolink.api=${endpoint}?jointoken=v2:Zm9vYmFy`,
    'talos.events.sink=[fdae:41e4:649b:9303::1]:8090 talos.logging.kernel=tcp://[fdae:41e4:649b:9303::1]:8092',
  ].join(' ');
}

function labels(rec) {
  const { cores, memoryMb, diskGb } = rec.hardware;
  /** @type {Record<string, unknown>} */
  const out = {
    [`${L}arch`]: 'amd64',
    [`${L}cores`]: cores,
    [`${L}cpu`]: 'qemu',
    [`${L}infra-provider-id`]: rec.provider,
    [`${L}installed`]: null,
    [`${L}machine-request`]: rec.request ?? rec.nodeName,
    [`${L}machine-request-set`]: rec.requestSet,
    [`${L}mem`]: `${Math.round(memoryMb / 1024)}GiB`,
    [`${L}no-manual-allocation`]: null,
    [`${L}platform`]: 'nocloud',
    [`${L}reporting-events`]: null,
    [`${L}storage`]: `${Math.floor((diskGb * 1024 ** 3) / 1e9)}GB`,
    [`${L}talos-version`]: `v${rec.talosVersion}`,
  };
  if (rec.connected) {
    out[`${L}connected`] = null;
    out[`${L}ready-to-use`] = null;
  } else {
    out[`${L}disconnected`] = null;
  }
  if (rec.cluster) {
    out[`${L}cluster`] = rec.cluster;
    out[`${L}machine-set`] = rec.machineSet;
    out[roleLabel(rec.role)] = null;
  }
  return out;
}

function hardware(rec) {
  const { cores, memoryMb, diskGb } = rec.hardware;
  return {
    processors: [
      {
        corecount: cores,
        threadcount: cores,
        frequency: 2000,
        description: 'pc-q35-9.2',
        manufacturer: 'QEMU',
      },
    ],
    memorymodules: [{ sizemb: memoryMb, description: 'QEMU' }],
    blockdevices: [
      {
        size: diskGb * 1024 ** 3,
        model: 'QEMU HARDDISK',
        linuxname: '/dev/sda',
        name: 'QEMU HARDDISK',
        serial: 'drive-scsi0',
        uuid: '',
        wwid: '',
        type: 'HDD',
        buspath: '/pci0000:00/0000:00:05.0/0000:01:01.0/virtio2/host2/target2:0:0/2:0:0:0',
        systemdisk: true,
        readonly: false,
        transport: 'virtio',
      },
    ],
    arch: 'amd64',
  };
}

/** @param {any} rec @param {string} endpoint the Omni URL the machine joined */
export function buildMachineStatus(rec, endpoint) {
  const [version, updated] = revOf(rec, 'machineStatus');
  const gateway = rec.lanAddress.replace(/\.\d+$/, '.1');
  return {
    metadata: buildMetadata({
      namespace: 'default',
      type: 'MachineStatuses.omni.sidero.dev',
      id: rec.uuid,
      version,
      owner: 'MachineStatusController',
      created: rec.created,
      updated,
      labels: labels(rec),
    }),
    spec: {
      talosversion: `v${rec.talosVersion}`,
      hardware: hardware(rec),
      network: {
        hostname: rec.nodeName,
        domainname: '',
        addresses: [`${rec.lanAddress}/24`, `${rec.siderolinkAddress}/64`],
        defaultgateways: [gateway],
        networklinks: [
          {
            linuxname: 'eth0',
            hardwareaddress: rec.mac,
            speedmbps: 0,
            linkup: true,
            description: 'Virtio network device',
          },
        ],
      },
      lasterror: '',
      managementaddress: rec.siderolinkAddress,
      connected: rec.connected,
      maintenance: false,
      cluster: rec.cluster ?? '',
      role: rec.cluster ? (rec.role === 'controlplane' ? 1 : 2) : 0,
      platformmetadata: {
        platform: 'nocloud',
        hostname: rec.nodeName,
        region: '',
        zone: '',
        instancetype: '',
        instanceid: rec.uuid,
        providerid: '',
        spot: false,
        tags: {},
      },
      imagelabels: {},
      schematic: {
        invalid: false,
        extensions: ['siderolabs/qemu-guest-agent'],
        initialschematic: SCHEMATIC,
        kernelargs: [],
        fullid: SCHEMATIC,
        inagentmode: false,
        raw: '',
        initialstate: null,
      },
      initialtalosversion: `v${rec.talosVersion}`,
      diagnostics: [],
      powerstate: 0,
      securitystate: { secureboot: false, bootedwithuki: false, fipsstate: 0 },
      kernelcmdline: kernelCmdline(endpoint),
      talosversionname: '',
    },
  };
}

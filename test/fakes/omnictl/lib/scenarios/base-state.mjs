// The parts of a scenario state every scenario shares: Omni itself, the bot's account, the
// infra provider, fault switches. See README.md for the meaning of each field.

import { buildMachineClass } from '../builders/provider-resources.mjs';
import { readJsonStream } from './fixtures.mjs';

export const OMNI_ENDPOINT = 'https://acme.omni.siderolabs.io';

/** The machine classes of the fixtures (proxmox-controlplane, proxmox-worker). */
export function fixtureMachineClasses() {
  return readJsonStream('get-machineclasses.json').map((c) =>
    buildMachineClass(
      {
        id: c.metadata.id,
        version: c.metadata.version,
        created: c.metadata.created,
        updated: c.metadata.updated,
      },
      { providerId: c.spec.autoprovision.providerid, providerData: c.spec.autoprovision.providerdata },
    ),
  );
}

export function baseState() {
  return {
    schema: 1,
    omni: { endpoint: OMNI_ENDPOINT, version: 'v1.10.4', apiVersion: 2 },
    auth: 'ok',
    account: { name: 'omni-chatops', role: 'Admin' },
    versionSkew: null,
    notifications: [],
    faults: [],
    provider: {
      id: 'proxmox',
      name: 'Proxmox',
      description: 'Proxmox infrastructure provider',
      connected: true,
      keyExpiredAt: '2026-08-20T08:14:55Z',
      keyRenewals: 0,
      lastKeyId: null,
    },
    serviceAccounts: [
      {
        name: 'infra-provider:proxmox',
        role: 'InfraProvider',
        lastActive: '2026-08-20T08:14:31Z',
        keys: [
          {
            id: '7c1e0b5d9a3f46e28d0c4b71a95f3e2d6b8a0c14',
            created: '2025-08-20T08:14:55Z',
            lastActive: '2026-08-20T08:14:31Z',
            expiration: '2026-08-20T08:14:55Z',
          },
        ],
      },
      {
        name: 'omni-chatops',
        role: 'Operator',
        lastActive: '2026-08-22T09:29:58Z',
        keys: [
          {
            id: 'e93b27f1c40d5a68b1f2e7c9034d8a56f1b2c3d4',
            created: '2026-03-02T11:20:07Z',
            lastActive: '2026-08-22T09:29:58Z',
            expiration: '2027-03-02T11:20:07Z',
          },
        ],
      },
    ],
    teardownGets: 2,
    provisionGets: 2,
    seq: 0,
    templates: {},
    machines: [],
    resources: { 'MachineClasses.omni.sidero.dev': fixtureMachineClasses() },
  };
}

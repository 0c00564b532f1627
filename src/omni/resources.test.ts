import { describe, expect, it } from 'vitest';
import { fixtureNames, readFixture } from '../../test/support/omni-fixtures.js';
import { parseResourceStream } from '../../test/support/parse-resource-stream.js';
import { clusterMachineKind, clusterMachineStatusKind } from './cluster-machine-resources.js';
import { clusterKind, clusterStatusKind, machineClassKind, machineSetKind } from './cluster-resources.js';
import {
  infraProviderCombinedStatusKind,
  infraProviderHealthStatusKind,
  lastHeartbeatAt,
  machineRequestKind,
  machineRequestStatusKind,
} from './infra-provider-resources.js';
import { linkKind, machineKind, machineStatusKind } from './machine-resources.js';
import type { ResourceKind } from './resource-kind.js';

// The full type omnictl prints in metadata.type → the kind the bot fetches it with.
const kindsByType: Record<string, ResourceKind<unknown>> = {
  'Machines.omni.sidero.dev': machineKind,
  'MachineStatuses.omni.sidero.dev': machineStatusKind,
  'ClusterMachines.omni.sidero.dev': clusterMachineKind,
  'ClusterMachineStatuses.omni.sidero.dev': clusterMachineStatusKind,
  'Clusters.omni.sidero.dev': clusterKind,
  'ClusterStatuses.omni.sidero.dev': clusterStatusKind,
  'MachineClasses.omni.sidero.dev': machineClassKind,
  'MachineSets.omni.sidero.dev': machineSetKind,
  'Links.omni.sidero.dev': linkKind,
  'MachineRequests.omni.sidero.dev': machineRequestKind,
  'MachineRequestStatuses.omni.sidero.dev': machineRequestStatusKind,
  'InfraProviderCombinedStatuses.omni.sidero.dev': infraProviderCombinedStatusKind,
  'InfraProviderHealthStatuses.omni.sidero.dev': infraProviderHealthStatusKind,
};

type Document = { metadata: { type: string; id: string } };

function kindOf(document: Document): ResourceKind<unknown> {
  const kind = kindsByType[document.metadata.type];
  if (kind === undefined) throw new Error(`no kind for ${document.metadata.type}`);
  return kind;
}

// Adds a field the schemas do not know to every object, the way a newer Omni might. Label and
// annotation maps are data, not structure: a key added there is a real label and must be kept.
const dataMaps = new Set(['labels', 'annotations']);

function withUnknownFields(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => withUnknownFields(item));
  if (typeof value !== 'object' || value === null || dataMaps.has(key)) return value;
  const entries = Object.entries(value).map(([name, item]) => [name, withUnknownFields(item, name)]);
  return { ...Object.fromEntries(entries), 'zz-added-by-a-newer-omni': { nested: ['surprise'] } };
}

const documents = fixtureNames(/^get-.*\.json$/).flatMap((name) =>
  (parseResourceStream(readFixture(name)) as Document[]).map((document) => ({
    name,
    id: document.metadata.id,
    document,
  })),
);

// No fixture exists for these two; shapes from notes §3.2.
const metadata = {
  created: '2026-07-14T10:02:11Z',
  namespace: 'default',
  owner: null,
  phase: 'running',
  updated: '2026-08-20T08:14:33Z',
  version: 3,
};
const machineSet = {
  metadata: { ...metadata, id: 'talos-prod-workers', type: 'MachineSets.omni.sidero.dev' },
  spec: {
    bootstrapspec: null,
    deletestrategy: 0,
    machineallocation: { allocationtype: 0, machinecount: 3, name: 'proxmox-worker' },
    machineclass: null,
    updatestrategy: 1,
  },
};
const healthStatus = {
  metadata: {
    ...metadata,
    id: 'proxmox',
    namespace: 'infra-provider-ephemeral',
    owner: 'proxmox.ProviderHealthStatusController',
    type: 'InfraProviderHealthStatuses.omni.sidero.dev',
    version: 'undefined',
  },
  spec: { error: '', lastheartbeattimestamp: { nanos: 512000000, seconds: 1787213673 } },
};

describe('resource schemas', () => {
  it.each(documents)('accept $name $id', ({ document }) => {
    expect(kindOf(document).schema.safeParse(document).error).toBeUndefined();
  });

  it.each(documents)('ignore unknown fields at every level of $name $id', ({ document }) => {
    const { schema } = kindOf(document);

    const parsed = schema.parse(withUnknownFields(document));

    expect(parsed).toEqual(schema.parse(document));
    expect(JSON.stringify(parsed)).not.toContain('zz-added-by-a-newer-omni');
  });

  it.each([machineSet, healthStatus])('accept a hand-written $metadata.type', (document) => {
    expect(kindOf(document).schema.safeParse(withUnknownFields(document)).error).toBeUndefined();
  });

  it('keep only the fields the bot reads', () => {
    const [first] = parseResourceStream(readFixture('get-machinestatus.json'));

    const status = machineStatusKind.schema.parse(first);

    expect(Object.keys(status.spec).sort()).toEqual(
      ['cluster', 'connected', 'lasterror', 'maintenance', 'network', 'role', 'talosversion'].sort(),
    );
    expect(status.spec.network).toEqual({ hostname: 'talos-prod-workers-q2w6fn' });
  });

  it('reads the MachineSet allocation and the heartbeat time', () => {
    expect(machineSetKind.schema.parse(machineSet).spec.machineallocation?.machinecount).toBe(3);
    expect(lastHeartbeatAt(infraProviderHealthStatusKind.schema.parse(healthStatus))?.toISOString()).toBe(
      '2026-08-20T08:14:33.512Z',
    );
  });

  it.each([
    ['a stage number Omni does not define', ['spec', 'stage'], 12],
    ['a stage name instead of its number', ['spec', 'stage'], 'DESTROYING'],
    ['an unknown phase', ['metadata', 'phase'], 'destroyed'],
    ['a missing ready flag', ['spec', 'ready'], undefined],
    ['an object as a label value', ['metadata', 'labels'], { 'omni.sidero.dev/cluster': { nested: true } }],
  ])('reject %s', (_case, [section, field], value) => {
    const [first] = parseResourceStream(readFixture('get-clustermachinestatus.json')) as Array<
      Record<string, Record<string, unknown>>
    >;
    const broken = { ...first, [section!]: { ...first![section!], [field!]: value } };

    expect(clusterMachineStatusKind.schema.safeParse(broken).success).toBe(false);
  });

  it('names the label whose value is not a label value, without echoing the value', () => {
    const [first] = parseResourceStream(readFixture('get-clustermachinestatus.json')) as Array<
      Record<string, Record<string, unknown>>
    >;
    const labels = { ...(first!.metadata!.labels as object), 'example.com/bad': { secret: 'x1y2' } };
    const broken = { ...first, metadata: { ...first!.metadata, labels } };

    const parsed = clusterMachineStatusKind.schema.safeParse(broken);

    expect(parsed.error?.issues[0]?.message).toBe(
      'Label "example.com/bad" has a value that is not a string, number, boolean or null',
    );
    expect(JSON.stringify(parsed.error?.issues)).not.toContain('x1y2');
  });
});

import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/support/omni-fixtures.js';
import { parseResourceStream } from './parse-resource-stream.js';
import {
  ClusterMachineStage,
  ClusterMachineStatus,
  clusterMachineStageName,
  clusterMachineStageNumber,
  isConnected,
  isInStage,
  isUnreachable,
  labelOf,
  MachineStatus,
  OmniLabel,
} from './resources.js';

const w3 = 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82';
const w1 = '1e7f9a3b-5c2d-4b68-8e0f-a3c6d9b2e574';

const machineStatuses = parseResourceStream(readFixture('get-machinestatus.json')).map((d) =>
  MachineStatus.parse(d),
);
const clusterMachineStatuses = parseResourceStream(readFixture('get-clustermachinestatus.json')).map((d) =>
  ClusterMachineStatus.parse(d),
);

function byId<T extends { metadata: { id: string } }>(resources: T[], id: string): T {
  const found = resources.find((resource) => resource.metadata.id === id);
  if (!found) throw new Error(`fixture has no ${id}`);
  return found;
}

describe('isConnected', () => {
  it.each([
    ['w1 MachineStatus (connected label)', byId(machineStatuses, w1).metadata.labels, true],
    ['w3 MachineStatus (disconnected label)', byId(machineStatuses, w3).metadata.labels, false],
    ['w1 ClusterMachineStatus', byId(clusterMachineStatuses, w1).metadata.labels, true],
    [
      'w3 ClusterMachineStatus (connected label gone)',
      byId(clusterMachineStatuses, w3).metadata.labels,
      false,
    ],
    ['both labels at once', { [OmniLabel.connected]: null, [OmniLabel.disconnected]: null }, false],
    ['no labels at all', undefined, false],
  ])('%s → %s', (_case, labels, expected) => {
    expect(isConnected(labels)).toBe(expected);
  });
});

describe('labelOf', () => {
  const status = byId(machineStatuses, w1);

  it.each([
    [OmniLabel.cluster, 'talos-prod'],
    [OmniLabel.connected, ''],
    ['omni.sidero.dev/cores', '8'],
    ['omni.sidero.dev/not-there', undefined],
  ])('%s → %j', (key, expected) => {
    expect(labelOf(status, key)).toBe(expected);
  });
});

describe('ClusterMachineStage', () => {
  it('maps the non-sequential protobuf numbers', () => {
    expect(ClusterMachineStage[5]).toBe('DESTROYING');
    expect(ClusterMachineStage[9]).toBe('BEFORE_DESTROY');
    expect(clusterMachineStageNumber('POWERED_OFF')).toBe(11);
    expect(clusterMachineStageName(4)).toBe('RUNNING');
    expect(clusterMachineStageName(42)).toBe('UNRECOGNIZED(42)');
  });

  it('shows w3 as Destroying and Unreachable, like the UI', () => {
    const status = byId(clusterMachineStatuses, w3);

    expect(isInStage(status, 'DESTROYING')).toBe(true);
    expect(isUnreachable(status)).toBe(true);
    expect(isUnreachable(byId(clusterMachineStatuses, w1))).toBe(false);
  });

  it('does not call a powered-off machine unreachable', () => {
    const status = byId(clusterMachineStatuses, w3);
    const poweredOff = { ...status, spec: { ...status.spec, stage: 11 as const } };

    expect(isUnreachable(poweredOff)).toBe(false);
  });
});

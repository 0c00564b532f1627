import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResourceStream } from '../../test/support/parse-resource-stream.js';
import { clusterMachineStatusKind } from '../omni/cluster-machine-resources.js';
import { linkKind, machineKind, machineStatusKind } from '../omni/machine-resources.js';
import { OmniLabel } from './labels.js';
import { isConnected, isMachineUnreachable } from './reachability.js';

// The shared omnictl fixtures: one scenario, where only w3 (its VM deleted) is unreachable.
function fixture<T>(name: string, kind: { schema: { parse(value: unknown): T } }): T[] {
  const text = readFileSync(join(import.meta.dirname, '../../test/fixtures/omni', name), 'utf8');
  return parseResourceStream(text).map((document) => kind.schema.parse(document));
}

const w3 = 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82';
const expected = (id: string) => id !== w3;
const ids = (resources: { metadata: { id: string } }[]) => resources.map((r) => r.metadata.id);

describe('reachability, by Omni’s rule, against each fixture', () => {
  it('get-clustermachinestatus.json: the ClusterMachineStatus label, as the UI shows it', () => {
    const statuses = fixture('get-clustermachinestatus.json', clusterMachineStatusKind);

    expect(statuses).toHaveLength(6);
    for (const status of statuses) {
      expect([status.metadata.id, isConnected(status.metadata)]).toEqual([
        status.metadata.id,
        expected(status.metadata.id),
      ]);
      expect(isMachineUnreachable(status, undefined)).toBe(!expected(status.metadata.id));
    }
  });

  it('get-machinestatus.json: w3 carries `disconnected` instead of `connected`', () => {
    const statuses = fixture('get-machinestatus.json', machineStatusKind);

    expect(ids(statuses.filter((s) => !isConnected(s.metadata)))).toEqual([w3]);
    expect(ids(statuses.filter((s) => s.spec.connected !== isConnected(s.metadata)))).toEqual([]);
  });

  it('get-machines.json: a machine without a status is judged by its own `connected`', () => {
    const machines = fixture('get-machines.json', machineKind);

    expect(ids(machines.filter((m) => isMachineUnreachable(undefined, m)))).toEqual([w3]);
  });

  it('get-links.json: the SideroLink the Machine mirrors says the same', () => {
    const links = fixture('get-links.json', linkKind);

    expect(ids(links.filter((l) => isMachineUnreachable(undefined, l)))).toEqual([w3]);
  });

  it('the ClusterMachineStatus decides when the Machine says otherwise', () => {
    const [status] = fixture('get-clustermachinestatus.json', clusterMachineStatusKind).filter(
      (s) => s.metadata.id !== w3,
    );
    if (!status) throw new Error('fixture has no reachable machine');

    expect(isMachineUnreachable(status, { spec: { connected: false } })).toBe(false);
  });

  it('does not call a powered-off or powering-on machine unreachable, like the UI', () => {
    const [status] = fixture('get-clustermachinestatus.json', clusterMachineStatusKind).filter(
      (s) => s.metadata.id === w3,
    );
    if (!status) throw new Error('fixture has no w3');

    expect(isMachineUnreachable({ ...status, spec: { ...status.spec, stage: 11 } }, undefined)).toBe(false);
    expect(isMachineUnreachable({ ...status, spec: { ...status.spec, stage: 10 } }, undefined)).toBe(false);
  });

  it.each([
    ['both labels at once', { [OmniLabel.connected]: null, [OmniLabel.disconnected]: null }, false],
    ['no labels at all', undefined, false],
  ])('%s → connected %s', (_case, labels, connected) => {
    expect(isConnected({ labels })).toBe(connected);
  });
});

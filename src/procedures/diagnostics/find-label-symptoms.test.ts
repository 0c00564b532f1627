import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../test/support/omni-fixtures.js';
import { findLabelSymptoms } from './find-label-symptoms.js';

describe('findLabelSymptoms', () => {
  it.each(['machine-logs.nodelabels.dmesg.stdout.txt', 'machine-logs.nodelabels.raw.stdout.txt'])(
    'finds the NodeApplyController loop in %s',
    (fixture) => {
      const logs = readFixture(fixture);

      const symptoms = findLabelSymptoms(logs);

      expect(symptoms).toEqual({
        node: 'talos-prod-workers-k9tx4b',
        keys: ['node-role.kubernetes.io/worker'],
        count: 4,
      });
    },
  );

  it('reads the admission error as the API server words it', () => {
    const text = readFixture('noderestriction-forbidden.txt');

    expect(findLabelSymptoms(text)).toEqual({
      node: 'talos-prod-workers-k9tx4b',
      keys: ['node-role.kubernetes.io/worker'],
      count: 1,
    });
  });

  it('reads the kubelet refusing --node-labels, without the allowed list after it', () => {
    const text = readFixture('kubelet-node-labels-error.txt');

    expect(findLabelSymptoms(text)).toEqual({ keys: ['node-role.kubernetes.io/worker'], count: 1 });
  });

  it.each([
    [
      'several keys on update',
      'nodes "w1" is forbidden: is not allowed to modify labels: app.kubernetes.io/name, node-role.kubernetes.io/worker\n',
      { node: 'w1', keys: ['app.kubernetes.io/name', 'node-role.kubernetes.io/worker'], count: 1 },
    ],
    [
      'a new Node',
      'nodes "w2" is forbidden: node "w2" is not allowed to set the following labels: k8s.io/x\n',
      { node: 'w2', keys: ['k8s.io/x'], count: 1 },
    ],
    [
      'several keys in the flag',
      "unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: [k8s.io/a node-role.kubernetes.io/b]\n",
      { keys: ['k8s.io/a', 'node-role.kubernetes.io/b'], count: 1 },
    ],
    [
      'nothing',
      '[  12.000000] user: [talos] service[kubelet](Running): Health check successful\n',
      { keys: [], count: 0 },
    ],
  ])('handles %s', (_case, text, expected) => {
    expect(findLabelSymptoms(text)).toEqual(expected);
  });
});

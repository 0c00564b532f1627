import { describe, expect, it } from 'vitest';
import { hasLabel, labelText, OmniLabel, roleOf } from './labels.js';

// As `-o json` prints them: an empty label is null, numbers are numbers (notes §2.2).
const metadata = {
  labels: {
    [OmniLabel.cluster]: 'talos-prod',
    [OmniLabel.connected]: null,
    [OmniLabel.roleWorker]: null,
    'omni.sidero.dev/cores': 8,
  },
};

describe('labels', () => {
  it.each([
    [OmniLabel.cluster, 'talos-prod'],
    ['omni.sidero.dev/cores', '8'],
    [OmniLabel.connected, undefined],
    ['omni.sidero.dev/not-there', undefined],
  ])('labelText %s → %j', (key, expected) => {
    expect(labelText(metadata, key)).toBe(expected);
  });

  it('tells a present empty label from an absent one', () => {
    expect(hasLabel(metadata, OmniLabel.connected)).toBe(true);
    expect(hasLabel(metadata, OmniLabel.disconnected)).toBe(false);
    expect(hasLabel(undefined, OmniLabel.connected)).toBe(false);
  });

  it('reads the role from either resource', () => {
    expect(roleOf(undefined, metadata)).toBe('worker');
    expect(roleOf({ labels: { [OmniLabel.roleControlPlane]: null } }, metadata)).toBe('controlplane');
    expect(roleOf({})).toBe('unknown');
  });
});

import { describe, expect, it } from 'vitest';
import { buildFleet, type MachineSpec } from '../../../test/support/fleet-builder.js';
import { checkQuorum } from './check-quorum.js';

const cp = (id: string, extra: Partial<MachineSpec> = {}): MachineSpec => ({
  id,
  hostname: `cp-${id}`,
  role: 'controlplane',
  ...extra,
});
const notReady = { ready: false } as const;
const gone = { connected: false } as const;

describe('checkQuorum', () => {
  it.each([
    ['1 unreachable of 3, removing it', [cp('a', gone), cp('b'), cp('c')], ['a']],
    [
      '2 unreachable of 5, removing both',
      [cp('a', gone), cp('b', gone), cp('c'), cp('d'), cp('e')],
      ['a', 'b'],
    ],
    ['1 healthy of 3, removing it', [cp('a'), cp('b'), cp('c')], ['a']],
  ])('lets through %s, with the count as a risk', (_name, specs, ids) => {
    const result = checkQuorum(buildFleet(specs), ids);

    expect(result.refused).toBe(false);
    expect(!result.refused && result.risks).toEqual([expect.stringMatching(/etcd quorum needs \d/)]);
  });

  it('refuses removing 2 of 3 control planes that are connected but not ready: 1 healthy of 3 members is no quorum', () => {
    const fleet = buildFleet([cp('a', notReady), cp('b', notReady), cp('c')]);

    const result = checkQuorum(fleet, ['a', 'b']);

    expect(result).toEqual({
      refused: true,
      reason:
        'Refused: removing the control-plane nodes cp-a, cp-b would leave talos-prod 1 healthy of its 3 etcd members, below etcd quorum (2). Only 1 is healthy (ready and connected) now: bring the control planes back, or recover etcd, before removing any.',
    });
  });

  it('refuses removing 2 healthy control planes of 3, asking to remove fewer', () => {
    const result = checkQuorum(buildFleet([cp('a'), cp('b'), cp('c')]), ['a', 'b']);

    expect(result.refused && result.reason).toMatch(
      /would leave talos-prod 1 healthy of its 3 etcd members, below etcd quorum \(2\)\. Restore a control-plane node first, or remove fewer at once\.$/,
    );
  });

  it('refuses removing every control plane', () => {
    const result = checkQuorum(buildFleet([cp('a', gone)]), ['a']);

    expect(result.refused && result.reason).toBe(
      'Refused (etcd quorum): this would remove every control-plane node of talos-prod (cp-a).',
    );
  });

  it('says nothing about workers, or about another cluster', () => {
    const fleet = buildFleet([
      { id: 'w', connected: false },
      cp('a', { cluster: 'other' }),
      cp('b', { cluster: 'other', ...notReady }),
      cp('c', notReady),
    ]);

    expect(checkQuorum(fleet, ['w'])).toEqual({ refused: false, risks: [] });
  });
});

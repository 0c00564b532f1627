import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../../test/support/fleet-builder.js';
import type { LabelFinding } from '../diagnostics/check-node-labels.js';
import type { AffectedNode } from '../diagnostics/diagnose-label-loop.js';
import { planLabelFix } from './plan-label-fix.js';

const CP = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
] as const;
const WORKER = '44444444-4444-4444-8444-444444444444';

// A forbidden label on the control planes: a warning, so the fix is not refused for it.
const WARNING: LabelFinding = {
  key: 'node-role.kubernetes.io/control-plane',
  value: '',
  verdict: 'forbidden',
  severity: 'warning',
  where: { file: 'talos-prod.yaml', line: 20, patch: 'cp-labels', level: 'control-plane', via: 'nodeLabels' },
  symptom: 'applied with admin credentials on control planes',
};

const affected = (id: string, role: AffectedNode['role']): AffectedNode => ({
  id,
  hostname: `host-${id.slice(0, 4)}`,
  role,
  evidence: ['label update rejected 3× in its logs', 'connected but not ready'],
  keys: ['node-role.kubernetes.io/control-plane'],
});

function plan(fleet: ReturnType<typeof buildFleet>, nodes: AffectedNode[]) {
  return planLabelFix({
    cluster: 'talos-prod',
    template: {
      path: '/state/snapshots/abc123/talos-prod.yaml',
      shownPath: 'talos-prod.yaml',
      hash: 'abc123',
      files: [{ path: 'talos-prod.yaml', sha256: 'f00d' }],
    },
    findings: [WARNING],
    affected: nodes,
    fleet,
  });
}

describe('planLabelFix', () => {
  it('refuses to remove 2 of 3 control planes that are not ready: etcd would lose quorum', () => {
    const fleet = buildFleet([
      { id: CP[0], role: 'controlplane', ready: false },
      { id: CP[1], role: 'controlplane', ready: false },
      { id: CP[2], role: 'controlplane' },
    ]);

    const result = plan(fleet, [affected(CP[0], 'controlplane'), affected(CP[1], 'controlplane')]);

    expect(result.refused).toBe(true);
    expect(result.refused && result.reason).toMatch(/below etcd quorum \(2\)/);
  });

  it('shows each target with its real role and link, and the quorum count among the risks', () => {
    const fleet = buildFleet([
      { id: CP[0], role: 'controlplane', ready: false },
      { id: CP[1], role: 'controlplane' },
      { id: CP[2], role: 'controlplane' },
      { id: WORKER, connected: false },
    ]);

    const result = plan(fleet, [affected(CP[0], 'controlplane'), affected(WORKER, 'worker')]);

    if (result.refused) throw new Error(result.reason);
    expect(result.plan.targets.map((t) => t.kind === 'machine' && [t.id, t.role, t.connected])).toEqual([
      [CP[0], 'controlplane', true],
      [WORKER, 'worker', false],
    ]);
    expect(result.plan.risks).toContain(
      'Control-plane node 11111111: talos-prod keeps 2 healthy of its 3 etcd members during the removal and 2 control-plane members after it (etcd quorum needs 2).',
    );
  });

  it.each(['--all', 'x; rm'])(
    'refuses a node whose id read back from Omni is %j: it never becomes an omnictl argument',
    (bad) => {
      const fleet = buildFleet([{ id: CP[0], role: 'controlplane' }, { id: WORKER }]);

      const result = plan(fleet, [affected(WORKER, 'worker'), { ...affected(WORKER, 'worker'), id: bad }]);

      expect(result).toEqual({
        refused: true,
        reason: `Omni returned machine id that is not a UUID: ${JSON.stringify(bad)}; the bot passes no such value to omnictl.`,
      });
    },
  );
});

import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../../test/support/fleet-builder.js';
import type { LabelFinding } from './check-node-labels.js';
import { diagnoseLabelLoop } from './diagnose-label-loop.js';
import type { LabelSymptoms } from './find-label-symptoms.js';

// A forbidden label on the control planes: a warning (it lands there), not a blocker.
const CONTROL_PLANE_WARNING: LabelFinding = {
  key: 'node-role.kubernetes.io/control-plane',
  value: '',
  verdict: 'forbidden',
  severity: 'warning',
  where: { file: 'talos-prod.yaml', line: 20, patch: 'cp-labels', level: 'control-plane', via: 'nodeLabels' },
  suggestion: { key: 'omni.sidero.dev/role', value: 'control-plane' },
  symptom: 'applied with admin credentials on control planes',
};

const fleet = buildFleet([
  { id: 'cp1', hostname: 'cp-1', role: 'controlplane', ready: false },
  { id: 'cp2', hostname: 'cp-2', role: 'controlplane', ready: false, stage: 3 },
  { id: 'cp3', hostname: 'cp-3', role: 'controlplane' },
  { id: 'w1', hostname: 'worker-1' },
]);

function diagnose(symptoms: Record<string, LabelSymptoms>) {
  return diagnoseLabelLoop({
    cluster: 'talos-prod',
    templatePath: 'clusters/talos-prod.yaml',
    findings: [CONTROL_PLANE_WARNING],
    fix: '',
    fleet,
    symptoms: new Map(Object.entries(symptoms)),
  });
}

describe('diagnoseLabelLoop', () => {
  it('does not count a node that is only connected but not ready (or still joining): no symptom in its logs, no target', () => {
    const report = diagnose({ cp1: { keys: [], count: 0 } });

    expect(report.affected).toEqual([]);
    expect(report.warnings).toEqual([CONTROL_PLANE_WARNING]);
  });

  it('counts a node by the symptom in its own logs, with its role, and the readiness facts as extra evidence', () => {
    const report = diagnose({
      cp2: { keys: ['node-role.kubernetes.io/control-plane'], count: 3 },
      w1: { keys: ['node-role.kubernetes.io/worker'], count: 12 },
    });

    expect(report.affected).toEqual([
      {
        id: 'cp2',
        hostname: 'cp-2',
        role: 'controlplane',
        evidence: [
          'label update rejected 3× in its logs',
          'connected but not ready',
          'never finished joining',
        ],
        keys: ['node-role.kubernetes.io/control-plane'],
      },
      {
        id: 'w1',
        hostname: 'worker-1',
        role: 'worker',
        evidence: ['label update rejected 12× in its logs'],
        keys: ['node-role.kubernetes.io/worker'],
      },
    ]);
  });
});

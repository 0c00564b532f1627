// Report data for the golden views that no small planner call produces.
import type { LabelLoopReport } from '../../src/procedures/diagnostics/diagnose-label-loop.js';
import type { StatusSummary } from '../../src/procedures/diagnostics/summarise-status.js';
import { W2 } from './request-samples.js';

export const LABEL_LOOP_REPORT: LabelLoopReport = {
  unread: [],
  cluster: 'talos-prod',
  templatePath: 'clusters/talos-prod.yaml',
  blockers: [
    {
      key: 'node-role.kubernetes.io/worker',
      value: '',
      verdict: 'forbidden',
      severity: 'blocker',
      where: {
        file: 'talos-prod.yaml',
        line: 42,
        patch: 'worker-labels',
        level: 'workers',
        set: 'workers',
        via: 'nodeLabels',
      },
      suggestion: { key: 'omni.sidero.dev/role', value: 'worker' },
      symptom: 'is not allowed to modify labels',
    },
  ],
  warnings: [
    {
      key: 'node-role.kubernetes.io/control-plane',
      value: '',
      verdict: 'forbidden',
      severity: 'warning',
      where: {
        file: 'talos-prod.yaml',
        line: 18,
        patch: 'cp-labels',
        level: 'control-plane',
        via: 'kubelet-node-labels',
      },
      symptom: 'applied with admin credentials',
    },
  ],
  affected: [
    {
      id: W2,
      hostname: 'talos-prod-workers-k9tx4b',
      role: 'worker',
      evidence: ['label update rejected 12× in its logs', 'connected but not ready'],
      keys: ['node-role.kubernetes.io/worker'],
    },
  ],
  fix: '--- talos-prod.yaml\n+++ talos-prod.yaml\n@@ -42 +42 @@\n-          node-role.kubernetes.io/worker: ""\n+          omni.sidero.dev/role: worker',
};

export const STATUS_SUMMARY: StatusSummary = {
  checkedAt: '2026-08-22T09:30:00.000Z',
  unread: [],
  clusters: [
    { name: 'talos-prod', phase: 'SCALING_UP', ready: false, healthy: 5, total: 5, requested: 6 },
    { name: 'talos-stage', phase: 'RUNNING', ready: true, healthy: 3, total: 3, requested: 3 },
  ],
  machineCount: 9,
  byStage: [
    { stage: 'RUNNING', count: 8 },
    { stage: 'DESTROYING', count: 1 },
  ],
  unreachable: 1,
  stuckTearingDown: 1,
  provider: {
    id: 'proxmox',
    found: true,
    connected: false,
    lastHeartbeat: '2026-08-20T08:14:31Z',
    keyProblem: 'expired',
  },
  alerts: [
    {
      condition: 'stuck-teardown',
      resource: 'w3',
      cluster: 'talos-prod',
      summary: 'talos-prod-workers-p7nz2d is stuck tearing down',
      openedAt: '2026-08-22T09:00:00Z',
    },
  ],
};

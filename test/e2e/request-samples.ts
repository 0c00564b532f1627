// Representative requests, plans and runs for the golden views, built with the real planners.

import { assessProvider } from '../../src/procedures/diagnostics/assess-provider.js';
import { planClusterRecovery } from '../../src/procedures/recover-cluster/plan-cluster-recovery.js';
import { planMachineRemoval } from '../../src/procedures/remove-stuck-machines/plan-machine-removal.js';
import { planProviderRestart } from '../../src/procedures/restart-provider/plan-provider-restart.js';
import type { Plan } from '../../src/procedures/shared/plan.js';
import { syncSteps } from '../../src/procedures/shared/template-steps.js';
import type { RunResult } from '../../src/runner/run-events.js';
import type { RequestRecord, RunRecord, StepRecord } from '../../src/store/records.js';
import { buildFleet } from '../support/fleet-builder.js';

export const NOW = new Date('2026-08-22T09:30:00Z');
export const W3 = 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82';
export const W2 = '6a4c8e2f-0b7d-4f19-93a5-d8e1c7b4f026';
export const W1 = '1e7f9a3b-5c2d-4b68-8e0f-a3c6d9b2e574';

export const FLEET = buildFleet([
  {
    id: '3f6a1c2e-8b47-4d2a-9e51-7c0d4b8a2f13',
    hostname: 'talos-prod-control-planes-b7x2kq',
    role: 'controlplane',
  },
  { id: W2, hostname: 'talos-prod-workers-k9tx4b', connected: false, updated: '2026-08-22T08:10:00Z' },
  // Unreachable for 40 s (a reboot, perhaps): listed, not removable yet.
  {
    id: W1,
    hostname: 'talos-prod-workers-q2w6fn',
    connected: false,
    stage: 7,
    updated: '2026-08-22T09:29:20Z',
  },
  {
    id: W3,
    hostname: 'talos-prod-workers-p7nz2d',
    stage: 5,
    phase: 'tearingDown',
    connected: false,
    updated: '2026-08-21T07:03:26Z',
    finalizers: ['ClusterMachineConfigController', 'ClusterMachineTeardownController'],
  },
]);

function removalPlan(): Plan {
  const result = planMachineRemoval({ fleet: FLEET, machineIds: [W3], now: NOW, stuckAfterMs: 600_000 });
  if (result.refused) throw new Error(`sample plan refused: ${result.reason}`);
  return result.plan;
}

export const REMOVAL_PLAN = removalPlan();

// A template sync with everything a card can show: a diff preview, risks, a dry run.
export const SYNC_PLAN: Plan = {
  procedure: 'sync-template',
  title: 'Sync the template of talos-prod',
  cluster: 'talos-prod',
  targets: [],
  steps: syncSteps('clusters/talos-prod.yaml', { commandMs: 60_000, statusWait: '10m', statusMs: 660_000 }),
  risks: ['Nodes whose config changes reboot one at a time.', 'Labels <removed> from the template go away.'],
  approvalsNeeded: 1,
  preview:
    '--- talos-prod (Omni)\n+++ talos-prod (template)\n-  node-role.kubernetes.io/worker: ""\n+  omni.sidero.dev/role: worker',
  fingerprint: 'sample',
};

// A sync whose diff is too long for the card (it goes whole into the thread), run from a snapshot.
export const LONG_SYNC_PLAN: Plan = {
  ...SYNC_PLAN,
  steps: syncSteps('/data/snapshots/3f5a9c0e…/clusters/talos-prod.yaml', {
    commandMs: 60_000,
    statusWait: '10m',
    statusMs: 660_000,
  }),
  preview: Array.from(
    { length: 120 },
    (_, i) => `-        sysctls: {vm.max_map_count: "${i}0"}\n+        sysctls: {vm.max_map_count: "${i}1"}`,
  ).join('\n'),
  templateSnapshot: {
    hash: '3f5a9c0e7b1d2a4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d',
    files: [
      { path: 'clusters/talos-prod.yaml', sha256: 'a'.repeat(64) },
      { path: 'clusters/patches/worker-labels.yaml', sha256: 'b'.repeat(64) },
    ],
  },
};

function planned(result: ReturnType<typeof planMachineRemoval>): Plan {
  if (result.refused) throw new Error(`sample plan refused: ${result.reason}`);
  return result.plan;
}

// The provider of the runbook's "key expired mid-provision": disconnected, last heard from two days ago.
export const PROVIDER = assessProvider(
  {
    id: 'proxmox',
    found: true,
    name: 'Proxmox',
    version: 'v0.6.2',
    connected: false,
    error: 'failed to refresh token: no valid signing keys',
    lastHeartbeat: '2026-08-20T08:14:31Z',
    keyExpiresAt: '2026-08-20T08:14:55Z',
    keyExpiryKnown: true,
  },
  NOW,
);

export const PROVIDER_RESTART_PLAN = planned(
  planProviderRestart({
    provider: PROVIDER,
    host: 'provider.lan',
    composeDir: '/opt/omni-infra-provider',
    now: NOW,
    cooldownMs: 600_000,
  }),
);

export const RECOVERY_PLAN = planned(
  planClusterRecovery({
    cluster: 'talos-prod',
    typedName: 'talos-prod',
    template: {
      path: '/data/snapshots/3f5a9c0e…/clusters/talos-prod.yaml',
      shownPath: 'clusters/talos-prod.yaml',
      hash: '3f5a9c0e7b1d2a4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d',
      files: [{ path: 'clusters/talos-prod.yaml', sha256: 'a'.repeat(64) }],
    },
    findings: [],
    machineCount: 6,
    clusterExists: true,
    approvalsNeeded: 2,
  }),
);

export const REQUEST: RequestRecord = {
  id: 'r-0123456789ab',
  procedure: REMOVAL_PLAN.procedure,
  params: { machineIds: [W3] },
  plan: REMOVAL_PLAN,
  planFingerprint: REMOVAL_PLAN.fingerprint,
  cluster: 'talos-prod',
  requester: 'U0ALICE',
  reason: 'VM deleted in Proxmox by mistake',
  channel: 'C0OPS',
  cardTs: '1767000000.000200',
  status: 'pending',
  approvalsNeeded: 1,
  dryRun: false,
  createdAt: '2026-08-22T09:30:00.000Z',
  expiresAt: '2026-08-22T09:45:00.000Z',
  decidedAt: null,
  decidedBy: null,
  outcome: null,
};

export const DRY_SYNC_REQUEST: RequestRecord = {
  ...REQUEST,
  id: 'r-ba9876543210',
  procedure: SYNC_PLAN.procedure,
  plan: SYNC_PLAN,
  reason: '',
  dryRun: true,
  approvalsNeeded: 2,
};

export const PROVIDER_REQUEST: RequestRecord = {
  ...REQUEST,
  id: 'r-5e7a1c3b9d20',
  procedure: PROVIDER_RESTART_PLAN.procedure,
  params: {},
  plan: PROVIDER_RESTART_PLAN,
  planFingerprint: PROVIDER_RESTART_PLAN.fingerprint,
  cluster: null,
  reason: 'provider disconnected since the key expired',
};

export const RECOVERY_REQUEST: RequestRecord = {
  ...REQUEST,
  id: 'r-c1d2e3f4a5b6',
  procedure: RECOVERY_PLAN.procedure,
  params: { cluster: 'talos-prod' },
  plan: RECOVERY_PLAN,
  planFingerprint: RECOVERY_PLAN.fingerprint,
  reason: 'etcd lost on every control plane',
  approvalsNeeded: 2,
};

export const RUN: RunRecord = {
  id: 'run-0123456789ab',
  requestId: REQUEST.id,
  cluster: 'talos-prod',
  status: 'running',
  channel: 'C0OPS',
  threadTs: '1767000000.000200',
  statusTs: '1767000000.000400',
  startedAt: '2026-08-22T09:31:00.000Z',
  finishedAt: null,
  summary: null,
};

export const SUCCEEDED: RunResult = {
  status: 'succeeded',
  verdict: 'The machine is verified gone from Omni.',
  steps: [
    {
      idx: 0,
      status: 'refused-expected',
      exitCode: 1,
      durationMs: 130,
      note: 'Omni refused it as read-only.',
      outputTail: '',
    },
    { idx: 1, status: 'ok', exitCode: 0, durationMs: 140, note: 'Done.', outputTail: '' },
    { idx: 2, status: 'ok', exitCode: 0, durationMs: 2_200, note: 'Gone after 2 checks.', outputTail: '' },
    {
      idx: 3,
      status: 'ok',
      exitCode: 0,
      durationMs: 120,
      note: 'The machine is verified gone from Omni.',
      outputTail: '',
    },
  ],
};

export const SYNC_FAILED: RunResult = {
  status: 'failed',
  verdict: 'Step 2 (Sync the template into Omni) failed; step 3 was not run.',
  steps: [
    { idx: 0, status: 'ok', exitCode: 0, durationMs: 300, note: 'Done.', outputTail: '' },
    {
      idx: 1,
      status: 'failed',
      exitCode: 1,
      durationMs: 900,
      note: 'omnictl failed.',
      outputTail: 'Error: failed to sync: rpc error: code = PermissionDenied desc = <denied>',
    },
  ],
};

export const INTERRUPTED_STEPS: StepRecord[] = [
  {
    runId: RUN.id,
    idx: 0,
    title: REMOVAL_PLAN.steps[0]?.title ?? '',
    command: `omnictl delete clustermachines ${W3}`,
    status: 'refused-expected',
    exitCode: 1,
    startedAt: '2026-08-22T09:31:00.000Z',
    finishedAt: '2026-08-22T09:31:01.000Z',
    outputTail: null,
  },
  {
    runId: RUN.id,
    idx: 1,
    title: REMOVAL_PLAN.steps[1]?.title ?? '',
    command: `omnictl cluster machine delete ${W3} --force -y`,
    status: 'interrupted',
    exitCode: null,
    startedAt: '2026-08-22T09:31:01.000Z',
    finishedAt: null,
    outputTail: null,
  },
];

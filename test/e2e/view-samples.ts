// One sample per message or modal the bot sends, each built by calling the real view function.

import { assessProvider } from '../../src/procedures/diagnostics/assess-provider.js';
import { findDrift } from '../../src/procedures/diagnostics/find-drift.js';
import { findStuckMachines } from '../../src/procedures/diagnostics/find-stuck-machines.js';
import { notInChannelView } from '../../src/slack/not-in-channel.js';
import { alertDigestView } from '../../src/slack/views/alert-digest-view.js';
import {
  alertChangeNoteView,
  alertResolvedNoteView,
  alertSubjectChangeNoteView,
  alertView,
  resolvedAlertView,
} from '../../src/slack/views/alert-view.js';
import { approvalCardView } from '../../src/slack/views/approval-card-view.js';
import type { SlackMessage } from '../../src/slack/views/block-kit.js';
import { driftView } from '../../src/slack/views/drift-view.js';
import { helpView, problemView, usageView } from '../../src/slack/views/help-view.js';
import { historyView } from '../../src/slack/views/history-view.js';
import { incidentView } from '../../src/slack/views/incident-view.js';
import { labelLoopView } from '../../src/slack/views/label-loop-view.js';
import { pasteKeyModal } from '../../src/slack/views/paste-key-modal.js';
import { providerStatusView } from '../../src/slack/views/provider-status-view.js';
import { recoverClusterModal } from '../../src/slack/views/recover-cluster-modal.js';
import { runInterruptedView, runStatusView, runSummaryView } from '../../src/slack/views/run-views.js';
import { statusView } from '../../src/slack/views/status-view.js';
import { stuckMachinesView } from '../../src/slack/views/stuck-machines-view.js';
import type { AlertCondition } from '../../src/watch/alert-condition.js';
import { LABEL_LOOP_REPORT, STATUS_SUMMARY } from './report-samples.js';
import {
  DRY_SYNC_REQUEST,
  FLEET,
  INTERRUPTED_STEPS,
  LONG_SYNC_PLAN,
  NOW,
  PROVIDER_REQUEST,
  PROVIDER_RESTART_PLAN,
  RECOVERY_PLAN,
  RECOVERY_REQUEST,
  REMOVAL_PLAN,
  REQUEST,
  RUN,
  SUCCEEDED,
  SYNC_FAILED,
  SYNC_PLAN,
  W3,
} from './request-samples.js';

export type ViewSample =
  | { name: string; source: string; message: SlackMessage }
  | { name: string; source: string; modal: Record<string, unknown> };

const STUCK = findStuckMachines(FLEET, { now: NOW, stuckAfterMs: 600_000 });
const ALERT: AlertCondition = {
  condition: 'stuck-teardown',
  resource: W3,
  cluster: 'talos-prod',
  summary: 'talos-prod-workers-p7nz2d in talos-prod is stuck tearing down (stage DESTROYING)',
  since: '2026-08-21T07:03:26Z',
  detail: { hostname: 'talos-prod-workers-p7nz2d' },
  diagnose: 'stuck-machines',
};

const views = 'src/slack/views';

// The Approve and Reject buttons alone, with their confirm dialogs (what the approver reads on click).
const buttonsOnly = (message: SlackMessage): SlackMessage => ({
  text: "the card's buttons and their confirm dialogs",
  blocks: message.blocks.filter((b) => b.type === 'actions'),
});
const page = (messages: SlackMessage[], index: number): SlackMessage => {
  const message = messages[index];
  if (!message) throw new Error(`no message ${index}`);
  return message;
};

export const VIEW_SAMPLES: ViewSample[] = [
  {
    name: 'stuck-machines',
    source: `${views}/stuck-machines-view.ts`,
    message: page(stuckMachinesView(STUCK, 'U0ALICE'), 0),
  },
  {
    name: 'stuck-machines-vms',
    source: `${views}/stuck-machines-view.ts`,
    message: page(
      stuckMachinesView(
        {
          ...STUCK,
          vms: {
            byMachine: Object.fromEntries(
              STUCK.stuck.map((m, i) => [
                m.id,
                i === 0
                  ? { kind: 'gone' as const, requestId: m.hostname }
                  : {
                      kind: 'running' as const,
                      vm: {
                        vmid: 101 + i,
                        node: 'pve2',
                        name: m.hostname,
                        status: 'running',
                        uptimeS: 259_200,
                      },
                      confirmedByTag: true,
                    },
              ]),
            ),
          },
        },
        'U0ALICE',
      ),
      0,
    ),
  },
  {
    name: 'stuck-machines-none',
    source: `${views}/stuck-machines-view.ts`,
    message: page(stuckMachinesView({ ...STUCK, cluster: 'talos-prod', stuck: [] }, 'U0ALICE'), 0),
  },
  {
    name: 'approval-card-pending',
    source: `${views}/approval-card-view.ts`,
    message: approvalCardView(REQUEST, REMOVAL_PLAN, { kind: 'pending', approvedBy: [] }, NOW),
  },
  {
    name: 'approval-card-vm-running',
    source: `${views}/approval-card-view.ts`,
    message: approvalCardView(
      REQUEST,
      {
        ...REMOVAL_PLAN,
        vmCheck: {
          readAt: '2026-08-22T09:29:58Z',
          lines: [{ id: W3, hostname: 'talos-prod-workers-p7nz2d', text: 'VM 104 on pve2: running for 3d' }],
        },
        needsOverride: {
          reason:
            'Proxmox shows the VM of talos-prod-workers-p7nz2d still running: this machine is unreachable, not destroyed. Removing it drops live VMs from Omni.',
        },
      },
      { kind: 'pending', approvedBy: [] },
      NOW,
    ),
  },
  {
    name: 'approval-card-pending-dry-run-preview',
    source: `${views}/approval-card-view.ts`,
    message: approvalCardView(DRY_SYNC_REQUEST, SYNC_PLAN, { kind: 'pending', approvedBy: ['U0BOB'] }, NOW),
  },
  {
    name: 'approval-card-pending-long-diff',
    source: `${views}/approval-card-view.ts`,
    message: approvalCardView(
      { ...DRY_SYNC_REQUEST, dryRun: false },
      LONG_SYNC_PLAN,
      {
        kind: 'pending',
        approvedBy: [],
      },
      NOW,
    ),
  },
  {
    name: 'approval-card-provider',
    source: `${views}/approval-card-view.ts`,
    message: approvalCardView(
      PROVIDER_REQUEST,
      PROVIDER_RESTART_PLAN,
      { kind: 'pending', approvedBy: [] },
      NOW,
    ),
  },
  {
    name: 'approval-card-recover-cluster',
    source: `${views}/approval-card-view.ts`,
    message: approvalCardView(RECOVERY_REQUEST, RECOVERY_PLAN, { kind: 'pending', approvedBy: [] }, NOW),
  },
  {
    name: 'approval-card-recover-cluster-second-approval',
    source: `${views}/approval-card-view.ts`,
    message: approvalCardView(
      RECOVERY_REQUEST,
      RECOVERY_PLAN,
      { kind: 'pending', approvedBy: ['U0BOB'] },
      NOW,
    ),
  },
  {
    name: 'approval-confirm-first-of-two',
    source: `${views}/approval-card-view.ts`,
    message: buttonsOnly(
      approvalCardView(RECOVERY_REQUEST, RECOVERY_PLAN, { kind: 'pending', approvedBy: [] }, NOW),
    ),
  },
  {
    name: 'approval-confirm-last-of-two',
    source: `${views}/approval-card-view.ts`,
    message: buttonsOnly(
      approvalCardView(RECOVERY_REQUEST, RECOVERY_PLAN, { kind: 'pending', approvedBy: ['U0BOB'] }, NOW),
    ),
  },
  {
    name: 'approval-card-expired',
    source: `${views}/approval-card-view.ts`,
    message: approvalCardView(
      REQUEST,
      REMOVAL_PLAN,
      { kind: 'pending', approvedBy: [] },
      new Date('2026-08-22T09:50:00Z'),
    ),
  },
  {
    name: 'approval-card-running',
    source: `${views}/approval-card-view.ts`,
    message: approvalCardView(REQUEST, REMOVAL_PLAN, { kind: 'running', approvedBy: ['U0BOB'] }, NOW),
  },
  {
    name: 'approval-card-closed',
    source: `${views}/approval-card-view.ts`,
    message: approvalCardView(
      REQUEST,
      REMOVAL_PLAN,
      {
        kind: 'closed',
        headline:
          ':white_check_mark: Approved by <@U0BOB>; succeeded: The machine is verified gone from Omni.',
      },
      NOW,
    ),
  },
  {
    name: 'run-status',
    source: `${views}/run-views.ts`,
    message: runStatusView(
      REMOVAL_PLAN,
      RUN,
      [
        { status: 'refused-expected' },
        { status: 'ok' },
        { status: 'running', lastLine: `still present: ${W3}` },
      ],
      false,
    ),
  },
  {
    name: 'run-status-finished',
    source: `${views}/run-views.ts`,
    message: runStatusView(
      REMOVAL_PLAN,
      RUN,
      [{ status: 'refused-expected' }, { status: 'ok' }, { status: 'ok' }, { status: 'ok' }],
      false,
      'Succeeded',
    ),
  },
  {
    name: 'run-summary',
    source: `${views}/run-views.ts`,
    message: runSummaryView(REMOVAL_PLAN, RUN, SUCCEEDED, false),
  },
  {
    name: 'run-summary-failed',
    source: `${views}/run-views.ts`,
    message: runSummaryView(SYNC_PLAN, RUN, SYNC_FAILED, true),
  },
  {
    name: 'run-interrupted',
    source: `${views}/run-views.ts`,
    message: runInterruptedView(REMOVAL_PLAN, RUN, INTERRUPTED_STEPS),
  },
  {
    // Issue #16: another replica took the run over after its owner stopped heartbeating.
    name: 'run-taken-over',
    source: `${views}/run-views.ts`,
    message: runInterruptedView(REMOVAL_PLAN, RUN, INTERRUPTED_STEPS, {
      replica: 'omni-chatops-1',
      at: '2026-08-22T09:04:10.000Z',
    }),
  },
  {
    name: 'incident-notice',
    source: `${views}/incident-view.ts`,
    message: incidentView(
      REQUEST,
      REMOVAL_PLAN,
      'requested, waiting for approval',
      'https://fake.slack.com/archives/C0OPS/p1767000000000200',
    ),
  },
  {
    name: 'history',
    source: `${views}/history-view.ts`,
    message: historyView([
      {
        request: {
          ...REQUEST,
          status: 'succeeded',
          decidedBy: 'U0BOB',
          outcome: 'The machine is verified gone.',
        },
        run: RUN,
        approvers: ['U0BOB'],
        durationMs: 4_200,
      },
      { request: { ...DRY_SYNC_REQUEST, status: 'rejected', decidedBy: 'U0DAVE' }, approvers: [] },
    ]),
  },
  { name: 'history-empty', source: `${views}/history-view.ts`, message: historyView([]) },
  {
    name: 'provider-status',
    source: `${views}/provider-status-view.ts`,
    message: providerStatusView(
      assessProvider(
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
      ),
    ),
  },
  {
    name: 'label-loop',
    source: `${views}/label-loop-view.ts`,
    message: labelLoopView(LABEL_LOOP_REPORT, 'U0ALICE'),
  },
  {
    name: 'drift',
    source: `${views}/drift-view.ts`,
    message: driftView(
      findDrift({
        fleet: FLEET,
        requests: [
          {
            metadata: { id: 'talos-prod-workers-x8c1vz' },
            spec: {
              id: 'talos-prod-workers-x8c1vz',
              stage: 3,
              error: 'VM creation failed: <quota>',
              status: '',
            },
          },
        ],
        machineClasses: [{ metadata: { id: 'workers' }, spec: { autoprovision: { providerid: 'proxmox' } } }],
        templateDiff: '-  node-role.kubernetes.io/worker: ""\n+  omni.sidero.dev/role: worker',
        vms: {
          checked: true,
          missing: [{ machineId: W3, name: 'talos-prod-workers-p7nz2d' }],
          orphans: [{ vmid: 187, node: 'pve3', name: 'talos-prod-workers-zz9x1q', status: 'running' }],
          stopped: [],
        },
        now: NOW,
        stuckAfterMs: 600_000,
        cluster: 'talos-prod',
      }),
      'U0ALICE',
    ),
  },
  {
    name: 'drift-all-clusters',
    source: `${views}/drift-view.ts`,
    message: driftView(
      findDrift({ fleet: FLEET, requests: [], machineClasses: [], now: NOW, stuckAfterMs: 600_000 }),
      'U0ALICE',
    ),
  },
  {
    name: 'drift-in-sync',
    source: `${views}/drift-view.ts`,
    message: driftView(
      findDrift({
        fleet: FLEET,
        requests: [],
        machineClasses: [],
        templateDiff: '',
        now: NOW,
        stuckAfterMs: 600_000,
        cluster: 'talos-prod',
      }),
      'U0ALICE',
    ),
  },
  {
    name: 'label-loop-template-fixed',
    source: `${views}/label-loop-view.ts`,
    message: labelLoopView({ ...LABEL_LOOP_REPORT, blockers: [], fix: '' }, 'U0ALICE'),
  },
  {
    name: 'provider-status-stopped-reporting',
    source: `${views}/provider-status-view.ts`,
    message: providerStatusView(
      assessProvider(
        {
          id: 'proxmox',
          found: true,
          name: 'Proxmox',
          version: 'v0.6.2',
          connected: false,
          error: '',
          lastHeartbeat: '2026-08-22T09:20:00Z',
          keyExpiresAt: '2027-08-20T08:14:55Z',
          keyExpiryKnown: true,
        },
        NOW,
      ),
    ),
  },
  {
    name: 'help',
    source: `${views}/help-view.ts`,
    message: helpView({ canRequest: true, canApprove: false }),
  },
  { name: 'usage', source: `${views}/help-view.ts`, message: usageView('Unknown subcommand "frobnicate".') },
  {
    name: 'problem',
    source: `${views}/help-view.ts`,
    message: problemView('Something went wrong while running this command.', 'a1b2c3d4'),
  },
  { name: 'not-in-channel', source: 'src/slack/not-in-channel.ts', message: notInChannelView() },
  { name: 'status', source: `${views}/status-view.ts`, message: statusView(STATUS_SUMMARY) },
  {
    name: 'alert',
    source: `${views}/alert-view.ts`,
    message: alertView({ condition: ALERT, firstSeen: '2026-08-22T09:30:00Z' }),
  },
  {
    name: 'alert-resolved',
    source: `${views}/alert-view.ts`,
    message: resolvedAlertView(
      { condition: ALERT, firstSeen: '2026-08-22T09:30:00Z' },
      { at: '2026-08-22T10:00:00Z', durationMs: 26 * 60_000 },
    ),
  },
  {
    name: 'alert-notes',
    source: `${views}/alert-view.ts`,
    message: {
      text: 'notes',
      blocks: [
        ...alertChangeNoteView({ ...ALERT, summary: 'now BEFORE_DESTROY' }, ALERT.summary).blocks,
        ...alertResolvedNoteView(90_000).blocks,
      ],
    },
  },
  {
    name: 'alert-subject',
    source: `${views}/alert-view.ts`,
    message: alertView([
      { condition: ALERT, firstSeen: '2026-08-22T09:30:00Z' },
      {
        condition: {
          ...ALERT,
          condition: 'machine-unreachable',
          summary: 'talos-prod-workers-p7nz2d in talos-prod is unreachable (last known stage DESTROYING)',
        },
        firstSeen: '2026-08-22T09:30:00Z',
      },
    ]),
  },
  {
    name: 'alert-subject-notes',
    source: `${views}/alert-view.ts`,
    message: alertSubjectChangeNoteView(
      [
        {
          condition: { ...ALERT, condition: 'machine-unreachable', summary: 'w3 is unreachable' },
          firstSeen: '2026-08-22T09:30:00Z',
        },
      ],
      [
        {
          condition: { ...ALERT, condition: 'node-label-loop', summary: 'w3 labels refused' },
          durationMs: 180_000,
        },
      ],
    ),
  },
  {
    name: 'alert-digest',
    source: `${views}/alert-digest-view.ts`,
    message: alertDigestView([
      { condition: ALERT, status: 'open' },
      {
        condition: { ...ALERT, resource: 'w9', summary: 'w9 came back' },
        status: 'resolved',
        durationMs: 60_000,
      },
    ]),
  },
  { name: 'paste-key-modal', source: `${views}/paste-key-modal.ts`, modal: pasteKeyModal(REQUEST.id) },
  {
    name: 'recover-cluster-modal',
    source: `${views}/recover-cluster-modal.ts`,
    modal: recoverClusterModal('talos-prod', 'C0OPS'),
  },
];

import { describe, expect, it } from 'vitest';
import { LABEL_LOOP_REPORT, STATUS_SUMMARY } from '../../../test/e2e/report-samples.js';
import {
  INTERRUPTED_STEPS,
  NOW,
  REMOVAL_PLAN,
  REQUEST,
  RUN,
  SYNC_FAILED,
} from '../../../test/e2e/request-samples.js';
import {
  CHANNEL_PING,
  CHANNEL_PING_SHOWN,
  EVIL_LINK,
  EVIL_LINK_SHOWN,
  HOSTILE_TEXT as H,
} from '../../../test/faults/hostile-inputs.js';
import {
  escapedPlainText,
  escapedTwice,
  foreignSequences,
  joined,
  sentText,
} from '../../../test/faults/slack-control-sequences.js';
import { assessProvider } from '../../procedures/diagnostics/assess-provider.js';
import type { StuckMachine } from '../../procedures/diagnostics/find-stuck-machines.js';
import type { Plan } from '../../procedures/shared/plan.js';
import type { AlertCondition } from '../../watch/alert-condition.js';
import { alertDigestView } from './alert-digest-view.js';
import {
  alertChangeNoteView,
  alertSubjectChangeNoteView,
  alertView,
  resolvedAlertView,
} from './alert-view.js';
import { approvalCardView } from './approval-card-view.js';
import { escapeMrkdwn, truncate } from './block-kit.js';
import { driftView } from './drift-view.js';
import { freezeNoticeView, unfreezeNoticeView } from './freeze-view.js';
import { problemView, usageView } from './help-view.js';
import { historyView } from './history-view.js';
import { incidentView } from './incident-view.js';
import { labelLoopView } from './label-loop-view.js';
import { pasteKeyModal } from './paste-key-modal.js';
import { providerStatusView } from './provider-status-view.js';
import { recoverClusterModal } from './recover-cluster-modal.js';
import { runInterruptedView, runStatusView, runSummaryView } from './run-views.js';
import { statusView } from './status-view.js';
import { stuckMachinesView } from './stuck-machines-view.js';

// Every field below that the bot did not write itself carries H: `<!channel>`, a link that looks
// like an approval, a mention and an `&`.
const PERMALINK = 'https://fake.slack.com/archives/C0OPS/p1767000000000200';
const USERS = ['U0ALICE', 'U0BOB'];

const MACHINE: StuckMachine = {
  id: `w3 ${H}`,
  hostname: `talos-prod-workers-p7nz2d ${H}`,
  cluster: `talos-prod ${H}`,
  machineSet: `workers ${H}`,
  role: 'worker',
  removable: true,
  stage: 5,
  stageName: `DESTROYING ${H}`,
  phase: `tearingDown ${H}`,
  finalizers: [`ClusterMachineConfigController ${H}`],
  connected: false,
  reasons: ['tearing-down', 'unreachable'],
  since: `yesterday ${H}`,
  forMs: 86_400_000,
};

// A label fix's targets: the stage is the evidence from a node's logs, the phase its rejected keys.
const HOSTILE_PLAN: Plan = {
  ...REMOVAL_PLAN,
  title: `Remove nodes of ${H}`,
  targets: [
    {
      kind: 'machine',
      id: MACHINE.id,
      hostname: MACHINE.hostname,
      cluster: MACHINE.cluster,
      role: `node ${H}`,
      stageName: `label update rejected 3× in its logs ${H}`,
      phase: `rejected labels: ${H}`,
      finalizers: MACHINE.finalizers,
      connected: true,
    },
  ],
  steps: REMOVAL_PLAN.steps.map((step) =>
    step.kind === 'omnictl' ? { ...step, title: `${step.title} ${H}`, args: [...step.args, H] } : step,
  ),
  risks: [`Workloads on ${H} are rescheduled.`],
  preview: `--- Omni\n+++ template\n+  comment: ${H}`,
};
const HOSTILE_REQUEST = { ...REQUEST, plan: HOSTILE_PLAN, reason: `restore ${H}` };

const CONDITION: AlertCondition = {
  condition: 'stuck-teardown',
  resource: `w3 ${H}`,
  cluster: `talos-prod ${H}`,
  summary: `talos-prod-workers-p7nz2d ${H} is stuck tearing down`,
  since: `2026-08-21 ${H}`,
  detail: { hostname: `talos-prod-workers-p7nz2d ${H}`, hints: [`Check ${H}`] },
  diagnose: 'stuck-machines',
};

const PROVIDER = assessProvider(
  {
    id: `proxmox ${H}`,
    found: true,
    version: `v0.6.2 ${H}`,
    connected: false,
    error: `rpc error: ${H}`,
    lastHeartbeat: `never ${H}`,
    keyExpiresAt: '2026-08-20T08:14:55Z',
    keyExpiryKnown: false,
  },
  new Date('2026-08-22T09:30:00Z'),
);

const VIEWS: [string, unknown][] = [
  [
    'approval card, pending',
    approvalCardView(HOSTILE_REQUEST, HOSTILE_PLAN, { kind: 'pending', approvedBy: [] }, NOW),
  ],
  [
    'approval card, pending, with what Proxmox says',
    approvalCardView(
      HOSTILE_REQUEST,
      {
        ...HOSTILE_PLAN,
        vmCheck: {
          readAt: '2026-08-22T09:30:00Z',
          note: `Proxmox: ${H}`,
          lines: [
            {
              id: 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82',
              hostname: `w3 ${H}`,
              text: `VM 101 on pve ${H}: running`,
            },
          ],
        },
        needsOverride: { reason: `Proxmox shows the VM of w3 ${H} still running.` },
      },
      { kind: 'pending', approvedBy: [] },
      NOW,
    ),
  ],
  [
    'approval card, pending, frozen',
    approvalCardView(HOSTILE_REQUEST, HOSTILE_PLAN, { kind: 'pending', approvedBy: [] }, NOW, {
      by: 'U0BOB',
      since: '2026-08-22T09:30:00Z',
      reason: `release ${H}`,
    }),
  ],
  ['freeze notice', freezeNoticeView({ by: 'U0BOB', since: '2026-08-22T09:30:00Z', reason: `release ${H}` })],
  [
    'unfreeze notice',
    unfreezeNoticeView({ by: 'U0BOB', since: '2026-08-22T09:30:00Z', reason: `release ${H}` }, 'U0BOB'),
  ],
  [
    'approval card, running',
    approvalCardView(HOSTILE_REQUEST, HOSTILE_PLAN, { kind: 'running', approvedBy: ['U0BOB'] }, NOW),
  ],
  [
    'label-loop report',
    labelLoopView(
      {
        ...LABEL_LOOP_REPORT,
        cluster: `talos-prod ${H}`,
        templatePath: `clusters/${H}.yaml`,
        blockers: LABEL_LOOP_REPORT.blockers.map((f) => ({
          ...f,
          key: `node-role.kubernetes.io/${H}`,
          where: { ...f.where, file: `${H}.yaml`, patch: `p ${H}`, set: `s ${H}` },
          suggestion: { key: `k ${H}`, value: `v ${H}` },
        })),
        affected: [
          {
            id: `w2 ${H}`,
            hostname: `w2 ${H}`,
            role: 'worker',
            evidence: [`seen ${H}`],
            keys: [CHANNEL_PING, EVIL_LINK],
          },
        ],
        fix: `+  label: ${H}`,
      },
      'U0ALICE',
    ),
  ],
  [
    'label-loop report, clean',
    labelLoopView(
      { ...LABEL_LOOP_REPORT, cluster: `c ${H}`, blockers: [], warnings: [], affected: [] },
      'U0ALICE',
    ),
  ],
  [
    'run status',
    runStatusView(
      HOSTILE_PLAN,
      RUN,
      [{ status: 'ok' }, { status: 'running', lastLine: `still present: ${H}` }],
      false,
    ),
  ],
  [
    'run summary',
    runSummaryView(
      HOSTILE_PLAN,
      RUN,
      {
        ...SYNC_FAILED,
        verdict: `Step 2 failed: omnictl failed: ${H}`,
        steps: SYNC_FAILED.steps.map((s) => ({ ...s, note: `note ${H}`, outputTail: `Error: ${H}` })),
      },
      false,
    ),
  ],
  [
    'run interrupted',
    runInterruptedView(
      HOSTILE_PLAN,
      RUN,
      INTERRUPTED_STEPS.map((s) => ({ ...s, title: `${s.title} ${H}` })),
    ),
  ],
  [
    'incident notice',
    incidentView(HOSTILE_REQUEST, HOSTILE_PLAN, 'requested, waiting for approval', PERMALINK, new Date()),
  ],
  [
    'history',
    historyView([
      {
        request: { ...HOSTILE_REQUEST, status: 'failed', decidedBy: 'U0BOB', outcome: `Step 2 failed: ${H}` },
        approvers: ['U0BOB'],
      },
    ]),
  ],
  [
    'drift report',
    driftView(
      {
        cluster: 'talos-prod',
        stuck: [MACHINE],
        failedRequests: [{ id: `mr ${H}`, machineId: `m ${H}`, error: `quota ${H}`, status: `FAILED ${H}` }],
        provisioningTooLong: [{ id: `mr2 ${H}`, status: `PROVISIONING ${H}` }],
        machineClasses: [{ id: `workers ${H}`, provider: `proxmox ${H}` }],
        templateDiff: `+  comment: ${H}`,
        unread: [`Machine classes could not be read: ${H}`],
      },
      'U0ALICE',
    ),
  ],
  [
    'drift report, template note',
    driftView(
      {
        stuck: [],
        failedRequests: [],
        provisioningTooLong: [],
        machineClasses: [],
        templateNote: `No template: ${H}`,
        unread: [],
      },
      'U0ALICE',
    ),
  ],
  [
    'stuck-machines report',
    stuckMachinesView(
      { cluster: 'talos-prod', checkedAt: `now ${H}`, machineCount: 6, clusterCount: 1, stuck: [MACHINE] },
      'U0ALICE',
    ),
  ],
  [
    'status',
    statusView({
      ...STATUS_SUMMARY,
      cluster: `talos-prod ${H}`,
      clusters: STATUS_SUMMARY.clusters.map((c) => ({
        ...c,
        name: `${c.name} ${H}`,
        phase: `SCALING_UP ${H}`,
      })),
      byStage: [{ stage: `STAGE_99 ${H}`, count: 1 }],
      provider: { ...STATUS_SUMMARY.provider, id: `proxmox ${H}`, lastHeartbeat: `never ${H}` },
      alerts: STATUS_SUMMARY.alerts.map((a) => ({
        ...a,
        summary: `${a.summary} ${H}`,
        openedAt: `then ${H}`,
      })),
      unread: [`Cluster phases could not be read: ${H}`],
    }),
  ],
  ['provider status', providerStatusView(PROVIDER)],
  [
    'provider status, partial answer',
    providerStatusView({
      ...PROVIDER,
      heartbeatUnknown: true,
      unread: [`The heartbeat could not be read: ${H}`],
    }),
  ],
  [
    'alert about a subject in two conditions',
    alertView([
      { condition: CONDITION, firstSeen: `now ${H}` },
      { condition: { ...CONDITION, condition: 'machine-unreachable', summary: `gone ${H}` }, firstSeen: 'x' },
    ]),
  ],
  [
    'resolved alert about a subject in two conditions',
    resolvedAlertView(
      [
        { condition: CONDITION, firstSeen: '2026-08-22T09:30:00Z' },
        { condition: { ...CONDITION, condition: 'machine-unreachable' }, firstSeen: '2026-08-22T09:30:00Z' },
      ],
      { at: `now ${H}`, durationMs: 60_000 },
    ),
  ],
  [
    'alert subject change note',
    alertSubjectChangeNoteView(
      [{ condition: CONDITION, firstSeen: `now ${H}` }],
      [{ condition: { ...CONDITION, summary: `cleared ${H}` }, durationMs: 1 }],
    ),
  ],
  ['alert', alertView({ condition: CONDITION, firstSeen: `now ${H}` })],
  [
    'resolved alert',
    resolvedAlertView(
      { condition: CONDITION, firstSeen: '2026-08-22T09:30:00Z' },
      { at: `now ${H}`, durationMs: 60_000 },
    ),
  ],
  ['alert change note', alertChangeNoteView(CONDITION, `was ${H}`)],
  [
    'alert digest',
    alertDigestView([
      { condition: CONDITION, status: 'open' },
      { condition: CONDITION, status: 'resolved', durationMs: 1 },
    ]),
  ],
  ['usage error', usageView(`\`${H}\` is not a cluster name.`)],
  ['problem', problemView(`omnictl failed: ${H}`)],
  [
    'problem naming a user',
    problemView({ message: `Cluster x is locked by a run approved by <@U0BOB>: ${H}`, mentions: ['U0BOB'] }),
  ],
  ['paste-key modal', pasteKeyModal(`r-${H}`)],
  ['recover-cluster modal', recoverClusterModal(`talos-prod ${H}`, 'C0OPS')],
];

describe('text from outside the bot reaches Slack as text', () => {
  it.each(VIEWS)('%s: shows `<!channel>` and the link as characters, escaped once', (_name, view) => {
    const messages = Array.isArray(view) ? view : [view];
    const text = sentText(...messages);

    expect(foreignSequences(text, { users: USERS, links: [PERMALINK] })).toEqual([]);
    expect(joined(text)).toContain(CHANNEL_PING_SHOWN);
    expect(joined(text)).toContain(EVIL_LINK_SHOWN);
    expect(escapedTwice(text)).toEqual([]);
    expect(escapedPlainText(text)).toEqual([]);
  });

  it('keeps the mentions, dates and links the bot makes itself', () => {
    const card = sentText(
      approvalCardView(HOSTILE_REQUEST, HOSTILE_PLAN, { kind: 'running', approvedBy: ['U0BOB'] }, NOW),
    );
    const pending = sentText(
      approvalCardView(HOSTILE_REQUEST, HOSTILE_PLAN, { kind: 'pending', approvedBy: [] }, NOW),
    );
    const notice = sentText(
      incidentView(HOSTILE_REQUEST, HOSTILE_PLAN, 'approved by <@U0BOB>; running', PERMALINK),
    );
    const problem = sentText(problemView({ message: `locked by <@U0BOB>; ${H}`, mentions: ['U0BOB'] }));

    expect(joined(card)).toContain('Requested by <@U0ALICE>');
    expect(joined(card)).toContain('Approved by <@U0BOB>');
    expect(joined(pending)).toMatch(/expires <!date\^\d+\^/);
    expect(joined(notice)).toContain(`<${PERMALINK}|thread>`);
    expect(joined(notice)).toContain('approved by <@U0BOB>; running');
    expect(joined(problem)).toContain('locked by <@U0BOB>;');
    expect(joined(problem)).toContain('&lt;@U0EVIL&gt;');
  });
});

describe('escapeMrkdwn', () => {
  it('turns &, < and > into the entities Slack shows as the characters', () => {
    expect(escapeMrkdwn('a & b <!here> c > d')).toBe('a &amp; b &lt;!here&gt; c &gt; d');
  });

  it('keeps only the mentions of the users named, and only well-formed user ids', () => {
    expect(escapeMrkdwn('<@U0BOB> <@U0EVIL> <!channel>', ['U0BOB'])).toBe(
      '<@U0BOB> &lt;@U0EVIL&gt; &lt;!channel&gt;',
    );
    expect(escapeMrkdwn('<@U0BOB|x>', ['U0BOB|x'])).toBe('&lt;@U0BOB|x&gt;');
  });

  it('is not cut in the middle of an entity when the text is truncated', () => {
    const cut = truncate(escapeMrkdwn(`${'x'.repeat(20)}<<<<`), 35);

    expect(cut).toBe(`${'x'.repeat(20)}… (truncated)`);
  });
});

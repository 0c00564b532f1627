import { describe, expect, it } from 'vitest';
import type { Plan } from '../../procedures/shared/plan.js';
import type { RequestRecord } from '../../store/records.js';
import { approvalCardView } from './approval-card-view.js';

const NOW = new Date('2026-08-22T09:31:00Z');

const plan = (procedure: string, targets: unknown[]): Plan => ({
  procedure,
  title: 'T',
  cluster: null,
  targets: targets as Plan['targets'],
  steps: [],
  risks: [],
  approvalsNeeded: 1,
  fingerprint: 'x',
});

const REQUEST: RequestRecord = {
  id: 'r-0123456789ab',
  procedure: 'restart-provider',
  params: {},
  plan: plan('restart-provider', []),
  planFingerprint: 'x',
  cluster: null,
  requester: 'U0ALICE',
  reason: 'provider down',
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

const onWhat = (p: Plan, request = REQUEST) => {
  const text = JSON.stringify(approvalCardView(request, p, { kind: 'pending', approvedBy: [] }, NOW).blocks);
  return /\*On what\*\\n([^"]*)/.exec(text)?.[1] ?? '';
};

describe('approvalCardView: the line of each kind of target', () => {
  it('shows a provider as a provider, also from a plan stored before targets had a kind', () => {
    const stored = {
      id: 'proxmox',
      hostname: 'Proxmox',
      cluster: '(infra provider)',
      role: 'infra provider',
      stageName: 'DISCONNECTED',
      phase: 'last heartbeat 2026-08-20T08:14:31Z',
      finalizers: [],
      connected: false,
    };

    const line = onWhat(plan('restart-provider', [stored]));

    expect(line).toBe(
      '• Infra provider *proxmox* (Proxmox): disconnected, last heartbeat <!date^1787213671^{date_short_pretty} {time}|2026-08-20 08:14 UTC>',
    );
  });

  it('shows a whole cluster with its template as a path, not as a hostname', () => {
    const stored = {
      id: 'talos-prod',
      hostname: 'clusters/talos-prod.yaml',
      cluster: 'talos-prod',
      role: 'whole cluster',
      stageName: '6 machines',
      phase: 'to be deleted and redeployed',
      finalizers: [],
      connected: true,
    };

    expect(onWhat(plan('recover-cluster', [stored]))).toBe(
      '• Cluster *talos-prod* (template `clusters/talos-prod.yaml`): 6 machines; to be deleted and redeployed',
    );
  });

  it('escapes what it did not write', () => {
    const line = onWhat(
      plan('restart-provider', [
        { kind: 'provider', id: 'p<x>', name: 'a&b', connected: true, lastHeartbeat: null },
      ]),
    );

    expect(line).toBe('• Infra provider *p&lt;x&gt;* (a&amp;b): connected, no heartbeat yet');
  });
});

describe('approvalCardView: what the approver reads before and after clicking', () => {
  const recovery = plan('recover-cluster', [
    { kind: 'cluster', id: 'talos-prod', template: 'clusters/talos-prod.yaml', state: '6 machines' },
  ]);
  const twoApprovers = { ...REQUEST, procedure: 'recover-cluster', approvalsNeeded: 2 };
  const confirmOf = (approvedBy: string[], request = twoApprovers) => {
    const blocks = approvalCardView(request, recovery, { kind: 'pending', approvedBy }, NOW).blocks;
    const actions = blocks.find((b) => b.type === 'actions') as unknown as {
      elements: { confirm: { title: { text: string }; text: { text: string }; confirm: { text: string } } }[];
    };
    const confirm = actions.elements[0]?.confirm;
    return [confirm?.title.text, confirm?.text.text, confirm?.confirm.text];
  };
  const statusOf = (approvedBy: string[], request = twoApprovers, now = NOW) =>
    JSON.stringify(approvalCardView(request, recovery, { kind: 'pending', approvedBy }, now).blocks);

  it('says at the first of two approvals that nothing runs yet, naming the procedure and target', () => {
    expect(confirmOf([])).toEqual([
      'Approve this procedure?',
      'This records your approval of recover-cluster on cluster talos-prod. Nothing runs yet: it still needs 1 more approval after yours.',
      'Approve',
    ]);
  });

  it('says at the last approval that it runs now', () => {
    expect(confirmOf(['U0BOB'])).toEqual([
      'Run this procedure?',
      'recover-cluster on cluster talos-prod: the commands listed on the card will run now.',
      'Approve and run',
    ]);
  });

  it('counts the approvals still needed', () => {
    expect(statusOf([])).toContain('2 approvals needed, from approvers other than the requester; expires');
    expect(statusOf(['U0BOB'])).toContain(
      'Approved by <@U0BOB> (1 of 2); 1 more approval needed, from approvers other than the requester; expires',
    );
  });

  it('says "expired" once the expiry is past', () => {
    expect(statusOf([], twoApprovers, new Date('2026-08-22T09:50:00Z'))).toContain('; expired <!date^');
    expect(statusOf([], twoApprovers)).toContain('; expires <!date^');
  });
});

import { describe, expect, it } from 'vitest';
import type { Plan } from '../../procedures/plan.js';
import type { RequestRecord } from '../../store/records.js';
import { approvalCardView } from './approval-card-view.js';

const REQUEST: RequestRecord = {
  id: 'r-0123456789ab',
  procedure: 'restart-provider',
  params: {},
  plan: null,
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

const onWhat = (p: Plan, request = REQUEST) => {
  const text = JSON.stringify(approvalCardView(request, p, { kind: 'pending', approvedBy: [] }).blocks);
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

import { describe, expect, it } from 'vitest';
import { scrubSecret } from '../../omni/scrub-secret.js';
import type { RequestRecord } from '../../store/records.js';
import { buildTimeline } from './build-timeline.js';

const SECRET = 'omni-key-7f3e9a21c4d8b605';
const request: RequestRecord = {
  id: 'r-000000000001',
  procedure: 'rotate-provider-key',
  params: {},
  plan: {
    procedure: 'rotate-provider-key',
    title: 'Rotate the provider key',
    cluster: null,
    targets: [],
    steps: [],
    risks: [],
    approvalsNeeded: 1,
    fingerprint: 'f',
  },
  planFingerprint: 'f',
  cluster: null,
  requester: 'U0ALICE',
  reason: 'expired',
  channel: 'C0OPS',
  cardTs: '1.1',
  status: 'succeeded',
  approvalsNeeded: 1,
  dryRun: false,
  createdAt: '2026-08-22T09:30:00.000Z',
  expiresAt: '2026-08-22T09:45:00.000Z',
  decidedAt: '2026-08-22T09:31:00.000Z',
  decidedBy: 'U0BOB',
  outcome: null,
};

describe('buildTimeline', () => {
  it('orders events by time, gives UTC and the offset from the first, and scrubs and fences output', () => {
    const md = buildTimeline({
      title: 'run run-000000000001',
      generatedAt: '2026-08-22T10:00:00.000Z',
      requests: [request],
      audit: [
        {
          id: 2,
          at: '2026-08-22T09:31:00.000Z',
          actor: 'U0BOB',
          action: 'request.approved',
          requestId: request.id,
          runId: 'run-000000000001',
          detail: {},
        },
        {
          id: 3,
          at: '2026-08-22T09:33:05.000Z',
          actor: 'bot',
          action: 'run.finished',
          requestId: request.id,
          runId: 'run-000000000001',
          detail: { status: 'succeeded', verdict: 'The provider is connected.' },
        },
      ],
      runs: [
        {
          run: {} as never,
          steps: [
            {
              runId: 'run-000000000001',
              idx: 0,
              title: 'Renew the key',
              command: 'omnictl infraprovider renewkey proxmox',
              status: 'ok',
              exitCode: 0,
              startedAt: '2026-08-22T09:31:01.000Z',
              finishedAt: '2026-08-22T09:31:04.000Z',
              outputTail: `OMNI_SERVICE_ACCOUNT_KEY=${SECRET}\n\`\`\`\nend`,
            },
          ],
        },
      ],
      alerts: [],
      scrub: (text) => scrubSecret(text, SECRET),
    });

    expect(md).not.toContain(SECRET);
    expect(md).toContain('OMNI_SERVICE_ACCOUNT_KEY=[REDACTED]');
    // The output's own ``` cannot close the fence around it.
    expect(md).toContain('  ````\n  OMNI_SERVICE_ACCOUNT_KEY');
    const lines = md.split('\n').filter((l) => l.startsWith('- **'));
    expect(lines).toEqual([
      '- **2026-08-22 09:30:00Z** (+0ms) Request `r-000000000001` by U0ALICE: Rotate the provider key; reason: expired',
      '- **2026-08-22 09:31:00Z** (+1m) Approved by U0BOB; run `run-000000000001` created',
      '- **2026-08-22 09:31:01Z** (+1m 1s) Step 1: Renew the key, ok, exit code 0, 3s',
      '- **2026-08-22 09:33:05Z** (+3m 5s) Run `run-000000000001` succeeded: The provider is connected.',
    ]);
  });

  it('lists the cluster’s watcher alerts (seen, opened, resolved) and keeps only the window', () => {
    const md = buildTimeline({
      title: 'cluster talos-prod',
      generatedAt: '2026-08-22T12:00:00.000Z',
      requests: [],
      audit: [],
      runs: [],
      alerts: [
        {
          fingerprint: 'stuck:w3',
          condition: 'stuck-machine',
          resource: 'w3',
          cluster: 'talos-prod',
          summary: 'w3 stuck tearing down',
          diagnose: '',
          since: null,
          detail: {},
          lastError: null,
          status: 'resolved',
          firstSeen: '2026-08-22T08:00:00.000Z',
          lastSeen: '2026-08-22T10:00:00.000Z',
          openedAt: '2026-08-22T10:05:00.000Z',
          resolvedAt: '2026-08-22T11:00:00.000Z',
          channel: 'C0INC',
          messageTs: '1.1',
          digest: false,
        },
      ],
      since: '2026-08-22T10:00:00.000Z',
      scrub: (text) => text,
    });

    expect(md.split('\n').filter((l) => l.startsWith('- **'))).toEqual([
      '- **2026-08-22 10:05:00Z** (+0ms) Watcher alert opened: stuck-machine on w3: w3 stuck tearing down',
      '- **2026-08-22 11:00:00Z** (+55m) Watcher alert resolved: stuck-machine on w3',
    ]);
    expect(md).toContain('Window: from 2026-08-22 10:00:00Z.');
  });

  it('says which replica took a run over from which silent one', () => {
    const md = buildTimeline({
      title: 'run run-000000000001',
      generatedAt: '2026-08-22T10:00:00.000Z',
      requests: [],
      audit: [
        {
          id: 1,
          at: '2026-08-22T09:31:40.000Z',
          actor: 'bot',
          action: 'run.taken-over',
          requestId: request.id,
          runId: 'run-000000000001',
          detail: {
            deadReplica: 'omni-chatops-1',
            lastHeartbeat: '2026-08-22T09:31:05.000Z',
            by: 'omni-chatops-2',
          },
        },
      ],
      runs: [],
      alerts: [],
      scrub: (text) => text,
    });

    expect(md.split('\n').filter((l) => l.startsWith('- **'))).toEqual([
      '- **2026-08-22 09:31:40Z** (+0ms) Run `run-000000000001` taken over by replica omni-chatops-2: replica omni-chatops-1 stopped answering (last heartbeat 2026-08-22T09:31:05.000Z)',
    ]);
  });
});

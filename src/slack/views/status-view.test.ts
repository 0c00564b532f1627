import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../../../test/fakes/slack/validate-blocks.js';
import type { StatusSummary } from '../../procedures/diagnostics/summarise-status.js';
import { statusView } from './status-view.js';

const summary: StatusSummary = {
  checkedAt: '2026-08-22T09:30:00.000Z',
  unread: [],
  clusters: Array.from({ length: 25 }, (_, i) => ({
    name: `c${String(i).padStart(2, '0')}`,
    phase: i === 0 ? 'SCALING_DOWN' : 'RUNNING',
    ready: i !== 0,
    healthy: i === 0 ? 2 : 3,
    total: 3,
    requested: 3,
  })),
  machineCount: 75,
  byStage: [
    { stage: 'RUNNING', count: 74 },
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
    { condition: 'stuck-teardown', resource: 'w3', cluster: 'c00', summary: 'w3 <stuck>', openedAt: null },
  ],
};

describe('statusView', () => {
  it('shows clusters, machines by stage, the provider and open alerts within Slack limits', () => {
    const message = statusView(summary);
    const all = JSON.stringify(message);

    expect(validateBlocks(message.blocks, { maxBlocks: 50, pointer: '/blocks' })).toEqual([]);
    expect(message.text).toBe(
      'Fleet status: 25 clusters (1 not ready), 75 machines, provider not connected, 1 open alert',
    );
    expect(all).toContain(':red_circle: *c00* SCALING_DOWN, not ready: 2/3 machines ready');
    expect(all).toContain('… and 5 more');
    expect(all).toContain('75 machines: RUNNING 74 · DESTROYING 1');
    expect(all).toContain('1 unreachable, 1 stuck tearing down');
    expect(all).toContain(':red_circle: disconnected');
    expect(all).toContain('key expired');
    expect(all).toContain('• w3 &lt;stuck&gt;');
  });

  it('says so when nothing is open', () => {
    const message = statusView({ ...summary, cluster: 'c01', clusters: [], alerts: [] });

    expect(JSON.stringify(message)).toContain('No open alerts.');
    expect(message.text).toMatch(/^Status of c01: /);
  });
});

import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../../test/support/fleet-builder.js';
import { recordingReads } from '../../../test/support/recording-reads.js';
import type { ClusterTemplate } from '../../templates/cluster-template.js';
import { recoverCluster } from './recover-cluster.js';

const template = { path: 'talos-prod.yaml' } as ClusterTemplate;
const source = {
  path: '/snapshots/abc/talos-prod.yaml',
  shownPath: 'talos-prod.yaml',
  hash: 'abc',
  files: [],
};

describe('recoverCluster', () => {
  it("refuses with the template's problem, reading nothing else", async () => {
    const reads = recordingReads({
      template: async () => ({ ok: false, error: 'No template for talos-prod.' }),
    });

    const planned = await recoverCluster.plan({ cluster: 'talos-prod', typedName: 'talos-prod' }, reads);

    expect(planned).toEqual({ refused: true, reason: 'No template for talos-prod.' });
    expect(reads.made).toEqual(['template']);
  });

  it('plans from a snapshot of the template, counting only the machines of that cluster', async () => {
    const reads = recordingReads({
      template: async () => ({ ok: true, value: { template, findings: [] } }),
      snapshot: async () => source,
      clusterNames: async () => ['talos-prod', 'talos-dev'],
      fleet: async () =>
        buildFleet([
          { id: '11111111-1111-4111-8111-111111111111', cluster: 'talos-prod' },
          { id: '22222222-2222-4222-8222-222222222222', cluster: 'talos-prod' },
          { id: '33333333-3333-4333-8333-333333333333', cluster: 'talos-dev' },
        ]),
    });

    const planned = await recoverCluster.plan({ cluster: 'talos-prod', typedName: 'talos-prod' }, reads);

    expect(reads.made).toEqual(['template', 'snapshot', 'clusterNames', 'fleet']);
    expect(planned.refused).toBe(false);
    if (planned.refused) return;
    expect(planned.plan).toMatchObject({ procedure: 'recover-cluster', approvalsNeeded: 2 });
    expect(planned.plan.targets[0]).toMatchObject({ kind: 'cluster', id: 'talos-prod', state: '2 machines' });
    expect(planned.plan.steps.some((s) => s.kind === 'omnictl' && s.args.includes(source.path))).toBe(true);
  });
});

import { z } from 'zod';
import { labelText, OmniLabel } from '../../omni-model/labels.js';
import { ClusterParams } from '../shared/cluster-params.js';
import { refuse } from '../shared/plan.js';
import { defineProcedure } from '../shared/procedure-definition.js';
import { planClusterRecovery } from './plan-cluster-recovery.js';

export const recoverCluster = defineProcedure({
  name: 'recover-cluster',
  params: ClusterParams.extend({ typedName: z.string().max(200) }),
  targets: 'cluster',
  command: {
    word: 'recover-cluster',
    usage: 'recover-cluster <cluster>',
    summary:
      'delete and redeploy a whole cluster from its template; you type its name to confirm; two approvers; Longhorn data is lost',
    example: '/omni recover-cluster talos-prod',
  },
  async plan({ cluster, typedName }, reads) {
    const ctx = await reads.template(cluster);
    if (!ctx.ok) return refuse(ctx.error);
    const template = await reads.snapshot(ctx.value.template);
    const [clusters, fleet] = await Promise.all([reads.clusterNames(), reads.fleet()]);
    const machineCount = fleet.clusterMachines.filter(
      (cm) => labelText(cm.metadata, OmniLabel.cluster) === cluster,
    ).length;
    return planClusterRecovery({
      cluster,
      typedName,
      template,
      findings: ctx.value.findings,
      machineCount,
      clusterExists: clusters.includes(cluster),
      approvalsNeeded: reads.settings.recoverApprovals,
      timeouts: reads.settings.timeouts,
    });
  },
});

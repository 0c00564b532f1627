import { ClusterParams } from '../shared/cluster-params.js';
import { refuse } from '../shared/plan.js';
import { defineProcedure } from '../shared/procedure-definition.js';
import { planLabelFix } from './plan-label-fix.js';

export const fixNodeLabels = defineProcedure({
  name: 'fix-node-labels',
  params: ClusterParams,
  targets: 'machine',
  async plan({ cluster }, reads) {
    const diagnosis = await reads.labelLoop(cluster);
    if (!diagnosis.ok) return refuse(diagnosis.error);
    const { report, template, findings, fleet } = diagnosis.value;
    return planLabelFix({
      cluster,
      template: await reads.snapshot(template),
      findings,
      affected: report.affected,
      fleet,
      timeouts: reads.settings.timeouts,
    });
  },
});

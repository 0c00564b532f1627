import { ClusterParams } from '../shared/cluster-params.js';
import { refuse } from '../shared/plan.js';
import { defineProcedure } from '../shared/procedure-definition.js';
import { planTemplateSync } from './plan-template-sync.js';

export const syncTemplate = defineProcedure({
  name: 'sync-template',
  params: ClusterParams,
  targets: 'cluster',
  command: {
    word: 'sync-template',
    usage: 'sync-template <cluster>',
    summary: '`cluster template sync` after showing the diff and checking node labels',
    example: '/omni sync-template talos-prod',
  },
  async plan({ cluster }, reads) {
    const ctx = await reads.template(cluster);
    if (!ctx.ok) return refuse(ctx.error);
    const template = await reads.snapshot(ctx.value.template);
    const diff = await reads.templateDiff(template.path);
    if (!diff.ok) return refuse(`omnictl could not diff the template: ${diff.error}`);
    return planTemplateSync({
      cluster,
      template,
      findings: ctx.value.findings,
      diff: diff.value,
      timeouts: reads.settings.timeouts,
    });
  },
});

import path from 'node:path';
import { checkNodeLabels, type LabelFinding } from '../procedures/diagnostics/check-node-labels.js';
import type { ClusterTemplate } from '../templates/cluster-template.js';
import { readClusterTemplate } from '../templates/read-cluster-template.js';

export type TemplateContext = {
  template: ClusterTemplate;
  // Absolute path handed to omnictl `-f`; it comes from configuration, never from Slack.
  absolutePath: string;
  text: string;
  findings: LabelFinding[];
};

export async function readTemplate(
  dir: string,
  cluster: string,
): Promise<{ ok: true; value: TemplateContext } | { ok: false; error: string }> {
  const read = await readClusterTemplate(dir, cluster);
  if (!read.ok) return read;
  const { template } = read;
  return {
    ok: true,
    value: {
      template,
      absolutePath: path.resolve(dir, `${cluster}.yaml`),
      text: template.files[template.path] ?? '',
      findings: checkNodeLabels(template),
    },
  };
}

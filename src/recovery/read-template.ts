import path from 'node:path';
import type { Omnictl } from '../omni/run-omnictl.js';
import { checkNodeLabels, type LabelFinding } from '../procedures/diagnostics/check-node-labels.js';
import type { TemplateDiff } from '../procedures/shared/plan.js';
import type { ClusterTemplate } from '../templates/cluster-template.js';
import { readClusterTemplate } from '../templates/read-cluster-template.js';
import { scrubDiffSecrets } from '../templates/scrub-diff-secrets.js';
import { sha256 } from '../templates/snapshot-template.js';

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

// `cluster template diff` is read-only; its output is what the approver reads. It is hashed as
// omnictl printed it and shown with secret-looking values hidden.
export async function templateDiff(
  omnictl: Omnictl,
  templatePath: string,
): Promise<{ ok: true; diff: TemplateDiff } | { ok: false; error: string }> {
  const result = await omnictl.run(['cluster', 'template', 'diff', '-f', templatePath]);
  if (result.failure) return { ok: false, error: result.failure.message };
  return { ok: true, diff: { text: scrubDiffSecrets(result.stdout), sha256: sha256(result.stdout) } };
}

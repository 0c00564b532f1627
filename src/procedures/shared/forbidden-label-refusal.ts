import { blockingFindings, type LabelFinding } from '../diagnostics/check-node-labels.js';

// Every procedure that syncs a template refuses while it sets labels the kubelet may not set,
// naming the line to change.
export function forbiddenLabelRefusal(findings: LabelFinding[]): string | undefined {
  const blockers = blockingFindings(findings);
  if (blockers.length === 0) return undefined;
  const where = blockers
    .map((f) => `\`${f.key}\` at ${f.where.file}:${f.where.line} (patch ${f.where.patch})`)
    .join(', ');
  return `The template still sets labels the kubelet may not set (NodeRestriction): ${where}. Fix the template first; the bot does not edit your template repository.`;
}

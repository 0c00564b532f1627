import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { forbiddenFindings, type LabelFinding } from '../src/procedures/diagnostics/check-node-labels.js';
import { readTemplate } from '../src/recovery/read-template.js';
import type { TemplateView } from './demo-types.js';

const CLUSTER = 'talos-prod';

// Findings name their file relative to the templates directory's parent (`clusters/talos-prod.yaml`).
const fileOf = (dir: string, finding: LabelFinding) => path.resolve(dir, '..', finding.where.file);

// What the simulator panel shows of the playground's own copy of the template.
export async function inspectTemplate(dir: string): Promise<TemplateView> {
  const read = await readTemplate(dir, CLUSTER);
  if (!read.ok) return { cluster: CLUSTER, forbidden: [], problem: read.error };
  return {
    cluster: CLUSTER,
    forbidden: forbiddenFindings(read.value.findings).map(
      (f) => `${f.key} (${f.where.file} line ${f.where.line}, patch ${f.where.patch})`,
    ),
  };
}

// The simulator's "fix the label in the template": deletes each `nodeLabels` line of a label the
// kubelet may not set from the playground's copy, as an operator would edit the file. Labels set
// through the kubelet's --node-labels flag are left for a person to fix (named in the answer).
export async function fixTemplateLabels(
  dir: string,
): Promise<{ ok: boolean; problem?: string; removed: string[] }> {
  const read = await readTemplate(dir, CLUSTER);
  if (!read.ok) return { ok: false, problem: read.error, removed: [] };
  const forbidden = forbiddenFindings(read.value.findings);
  const fixable = forbidden.filter((f) => f.where.via === 'nodeLabels');
  const byFile = new Map<string, LabelFinding[]>();
  for (const f of fixable) byFile.set(fileOf(dir, f), [...(byFile.get(fileOf(dir, f)) ?? []), f]);
  for (const [file, findings] of byFile) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    const drop = new Set(findings.map((f) => f.where.line - 1));
    await writeFile(file, lines.filter((_, i) => !drop.has(i)).join('\n'));
  }
  const left = forbidden.filter((f) => f.where.via !== 'nodeLabels').map((f) => f.key);
  return {
    ok: left.length === 0,
    removed: fixable.map((f) => f.key),
    ...(left.length > 0 ? { problem: `set through --node-labels, not fixed here: ${left.join(', ')}` } : {}),
  };
}

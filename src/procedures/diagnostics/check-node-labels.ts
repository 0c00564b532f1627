/**
 * Node labels a kubelet may not set (runbook: "Node Stuck in Reboot Loop").
 * Kubernetes' NodeRestriction lets a node's kubelet set only a few `kubernetes.io` / `k8s.io`
 * labels on itself. A template that asks for another one (for example
 * `node-role.kubernetes.io/worker` in `machine.nodeLabels`) leaves workers retrying forever with
 * "is not allowed to modify labels", and a forbidden key in the kubelet's `--node-labels` keeps
 * the kubelet from starting at all. This lists every label the template asks for, where it is
 * (file, line, patch, level) and, for a forbidden one, an unprivileged key to use instead.
 */
import {
  type ClusterTemplate,
  keyPathId,
  type TemplateDocument,
  type TemplatePatch,
} from '../../templates/cluster-template.js';

type LabelLevel = 'cluster' | 'control-plane' | 'workers' | 'machine';
type LabelVia = 'nodeLabels' | 'kubelet-node-labels';

export type LabelFinding = {
  key: string;
  value: string;
  verdict: 'forbidden' | 'allowed';
  // `info` for an allowed label; `warning` for a forbidden one that still lands (control planes).
  severity: 'blocker' | 'warning' | 'info';
  where: { file: string; line: number; patch: string; level: LabelLevel; set?: string; via: LabelVia };
  suggestion?: { key: string; value: string };
  symptom: string;
};

// k8s.io/kubelet/pkg/apis/well_known_labels.go
const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
]);
const KUBELET_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];
const PROTECTED_NAMESPACES = ['kubernetes.io', 'k8s.io'];

function inNamespace(namespace: string, domain: string): boolean {
  return namespace === domain || namespace.endsWith(`.${domain}`);
}

/** NodeRestriction's rule (noderestriction/admission.go getForbiddenLabels), also the kubelet's for --node-labels. */
export function isForbiddenNodeLabel(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return false;
  const namespace = key.slice(0, slash);
  if (inNamespace(namespace, 'node-restriction.kubernetes.io')) return true;
  if (KUBELET_LABELS.has(key) || KUBELET_NAMESPACES.some((ns) => inNamespace(namespace, ns))) return false;
  return PROTECTED_NAMESPACES.some((ns) => inNamespace(namespace, ns));
}

export function forbiddenFindings(findings: LabelFinding[]): LabelFinding[] {
  return findings.filter((finding) => finding.verdict === 'forbidden');
}

/** The forbidden labels that break a node (not the control-plane warnings). */
export function blockingFindings(findings: LabelFinding[]): LabelFinding[] {
  return findings.filter((finding) => finding.severity === 'blocker');
}

// The runbook's replacement: a role under Omni's prefix, any other key under the same name there.
export function suggestNodeLabel(key: string, value: string): { key: string; value: string } | undefined {
  const [namespace = '', name = ''] = key.split('/', 2);
  if (name === '') return undefined;
  if (namespace === 'node-role.kubernetes.io') return { key: 'omni.sidero.dev/role', value: name };
  return { key: `omni.sidero.dev/${name}`, value };
}

const SYMPTOM = {
  nodeLabels:
    'Talos k8s.NodeApplyController fails and retries forever: nodes "<node>" is forbidden: is not allowed to modify labels; none of the patch\'s labels land (seen only in omnictl machine-logs)',
  controlPlane:
    'applied with admin credentials on control planes, so it lands there; it would block a worker',
  kubeletFlag:
    "kubelet refuses to start: unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels; the node never joins",
  allowed: 'none: the kubelet may set this label',
} as const;

type Place = { level: LabelLevel; set?: string; controlPlane: boolean };

function placeOf(doc: TemplateDocument, controlPlaneMachines: Set<string>): Place {
  if (doc.kind === 'Cluster') return { level: 'cluster', controlPlane: false };
  if (doc.kind === 'ControlPlane') return { level: 'control-plane', controlPlane: true };
  if (doc.kind === 'Workers') return { level: 'workers', set: doc.name, controlPlane: false };
  // A static machine is a control plane when the ControlPlane document lists it.
  return { level: 'machine', set: doc.name, controlPlane: controlPlaneMachines.has(doc.name ?? '') };
}

function at(data: unknown, path: string[]): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

// `--node-labels` is a comma-separated `k=v` list; a bare key means an empty value.
export function parseNodeLabelsFlag(flag: string): { key: string; value: string }[] {
  return flag
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const eq = item.indexOf('=');
      return eq < 0 ? { key: item, value: '' } : { key: item.slice(0, eq), value: item.slice(eq + 1) };
    });
}

type Asked = { key: string; value: string; line: number | undefined; via: LabelVia };

// Through keyLines rather than lineOf, so a template that went through JSON still works.
function lineIn(patch: TemplatePatch, path: string[]): number | undefined {
  return patch.keyLines[keyPathId(path)];
}

function labelsAsked(patch: TemplatePatch): Asked[] {
  const asked: Asked[] = [];
  const nodeLabels = at(patch.data, ['machine', 'nodeLabels']);
  if (nodeLabels !== null && typeof nodeLabels === 'object' && !Array.isArray(nodeLabels)) {
    for (const [key, value] of Object.entries(nodeLabels)) {
      const line = lineIn(patch, ['machine', 'nodeLabels', key]);
      asked.push({ key, value: value === null ? '' : String(value), line, via: 'nodeLabels' });
    }
  }
  const flagPath = ['machine', 'kubelet', 'extraArgs', 'node-labels'];
  const flag = at(patch.data, flagPath);
  // Newer Talos also accepts a list of values for an extra arg.
  const flags = typeof flag === 'string' ? [flag] : Array.isArray(flag) ? flag.map(String) : [];
  flags.forEach((text, index) => {
    const line =
      (Array.isArray(flag) ? lineIn(patch, [...flagPath, String(index)]) : undefined) ??
      lineIn(patch, flagPath);
    for (const label of parseNodeLabelsFlag(text)) asked.push({ ...label, line, via: 'kubelet-node-labels' });
  });
  return asked;
}

function symptomOf(via: LabelVia, landsAnyway: boolean): string {
  if (via === 'kubelet-node-labels') return SYMPTOM.kubeletFlag;
  return landsAnyway ? SYMPTOM.controlPlane : SYMPTOM.nodeLabels;
}

function judge(asked: Asked, patch: TemplatePatch, place: Place): LabelFinding {
  const where = {
    file: patch.file,
    line: asked.line ?? patch.line,
    patch: patch.name,
    level: place.level,
    ...(place.set === undefined ? {} : { set: place.set }),
    via: asked.via,
  };
  const base = { key: asked.key, value: asked.value, where };
  if (!isForbiddenNodeLabel(asked.key)) {
    return { ...base, verdict: 'allowed', severity: 'info', symptom: SYMPTOM.allowed };
  }
  const suggestion = suggestNodeLabel(asked.key, asked.value);
  const landsAnyway = asked.via === 'nodeLabels' && place.controlPlane;
  return {
    ...base,
    verdict: 'forbidden',
    severity: landsAnyway ? 'warning' : 'blocker',
    ...(suggestion === undefined ? {} : { suggestion }),
    symptom: symptomOf(asked.via, landsAnyway),
  };
}

/** Every label the template asks a kubelet to set, in template order, judged by NodeRestriction. */
export function checkNodeLabels(template: ClusterTemplate): LabelFinding[] {
  const controlPlaneMachines = new Set(
    template.documents.filter((doc) => doc.kind === 'ControlPlane').flatMap((doc) => doc.machines),
  );
  return template.documents.flatMap((doc) => {
    const place = placeOf(doc, controlPlaneMachines);
    return doc.patches.flatMap((patch) => labelsAsked(patch).map((asked) => judge(asked, patch, place)));
  });
}

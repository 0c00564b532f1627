// The cluster template as plain data: what `omnictl cluster template sync` would read, with the
// file and line of every key, so a check can point an operator at the line to change.

export const TEMPLATE_KINDS = ['Cluster', 'ControlPlane', 'Workers', 'Machine'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

type PatchSource = 'inline' | { file: string };

export type TemplatePatch = {
  // The template's `name`, or the `file:` path when a file patch has none (as Omni does).
  name: string;
  // Line of the patch entry (`- name: …`) in the template.
  line: number;
  source: PatchSource;
  // Where the patch's own lines live: the template for inline patches, the patch file otherwise.
  file: string;
  // The patch's parsed content (the Talos config document for a multi-document patch file).
  data: unknown;
  // Line of each key inside `data`, keyed by `keyPathId(path)`; plain data, safe to store.
  keyLines: Record<string, number>;
  lineOf(pathInPatch: string[]): number | undefined;
};

export type TemplateDocument = {
  kind: TemplateKind;
  // Cluster name, Workers name (default `workers`) or Machine uuid; none for ControlPlane.
  name?: string;
  line: number;
  // Static machines listed under `machines:` (ControlPlane, Workers).
  machines: string[];
  patches: TemplatePatch[];
};

export type ClusterTemplate = {
  // Shown to operators and used in diffs, e.g. `clusters/talos-prod.yaml`.
  path: string;
  clusterName: string;
  documents: TemplateDocument[];
  // Raw text of the template and of every patch file, by the same shown path.
  files: Record<string, string>;
};

export type TemplateReadResult = { ok: true; template: ClusterTemplate } | { ok: false; error: string };

export function keyPathId(path: readonly string[]): string {
  return JSON.stringify(path);
}

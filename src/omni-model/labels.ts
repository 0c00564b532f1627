// `-o json` is a YAML round trip (notes §2.2): an empty label value arrives as null, "8" as 8,
// and "true" as true, so label and annotation values are not always strings.
export type LabelValue = string | number | boolean | null;
export type Labels = Record<string, LabelValue>;

/** Label and annotation keys the bot reads (notes §3.2). */
export const OmniLabel = {
  connected: 'omni.sidero.dev/connected',
  disconnected: 'omni.sidero.dev/disconnected',
  cluster: 'omni.sidero.dev/cluster',
  machineSet: 'omni.sidero.dev/machine-set',
  roleControlPlane: 'omni.sidero.dev/role-controlplane',
  roleWorker: 'omni.sidero.dev/role-worker',
  hostname: 'omni.sidero.dev/hostname',
  nodeName: 'omni.sidero.dev/node-name',
  machineRequest: 'omni.sidero.dev/machine-request',
} as const;

type Labelled = { labels?: Labels | undefined };

export function hasLabel(metadata: Labelled | undefined, key: string): boolean {
  return metadata?.labels !== undefined && Object.hasOwn(metadata.labels, key);
}

/** A label's value as text (numbers and booleans back to the text they were); undefined when absent or empty. */
export function labelText(metadata: Labelled | undefined, key: string): string | undefined {
  const value = metadata?.labels?.[key];
  return value === undefined || value === null ? undefined : String(value);
}

export type MachineRole = 'controlplane' | 'worker' | 'unknown';

// Omni puts the role label on both the ClusterMachine and its status; either one is enough.
export function roleOf(...metadata: (Labelled | undefined)[]): MachineRole {
  if (metadata.some((m) => hasLabel(m, OmniLabel.roleControlPlane))) return 'controlplane';
  if (metadata.some((m) => hasLabel(m, OmniLabel.roleWorker))) return 'worker';
  return 'unknown';
}

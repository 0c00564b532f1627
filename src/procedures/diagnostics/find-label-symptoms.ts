/**
 * Forbidden-label symptoms in a machine's logs (runbook: "Node Stuck in Reboot Loop").
 * Omni keeps such a worker RUNNING and Ready; the only sign is in `omnictl machine-logs`: Talos
 * retrying "is not allowed to modify labels" (or "to set the following labels" on a new Node),
 * or a kubelet refusing `--node-labels`. This finds those lines in either log format (dmesg text
 * or raw JSON) and says which node, which keys and how often.
 */

export type LabelSymptoms = { node?: string; keys: string[]; count: number };

const KEY = `[A-Za-z0-9][-A-Za-z0-9_./]*[A-Za-z0-9]`;
// The key list ends at the escaped newline Talos puts after it (`\n` in dmesg, `\\n` in raw JSON).
const LISTED = new RegExp(
  `is not allowed to (?:modify labels|set the following labels): (${KEY}(?:, ${KEY})*)`,
  'g',
);
const FLAG = /unknown 'kubernetes\.io' or 'k8s\.io' labels specified with --node-labels: \[([^\]]*)\]/g;
// `nodes "x" is forbidden`, with the quotes escaped once (dmesg) or twice (raw JSON).
const NODE = /nodes \\*"([-a-z0-9.]+)\\*" is forbidden/;

export function findLabelSymptoms(logText: string): LabelSymptoms {
  const keys = new Set<string>();
  let count = 0;
  for (const match of logText.matchAll(LISTED)) {
    count += 1;
    for (const key of (match[1] ?? '').split(', ')) keys.add(key);
  }
  for (const match of logText.matchAll(FLAG)) {
    count += 1;
    // Go prints the []string as `[a b]`.
    for (const key of (match[1] ?? '').split(/[\s,]+/).filter((k) => k !== '')) keys.add(key);
  }
  const node = NODE.exec(logText)?.[1];
  return { ...(node === undefined ? {} : { node }), keys: [...keys], count };
}

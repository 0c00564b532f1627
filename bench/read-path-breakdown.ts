import { clusterMachineKind, clusterMachineStatusKind } from '../src/omni/cluster-machine-resources.js';
import { machineKind } from '../src/omni/machine-resources.js';
import { parseResourceStream } from '../src/omni/parse-resource-stream.js';
import type { ResourceKind } from '../src/omni/resource-kind.js';
import { scrubSecret } from '../src/omni/scrub-secret.js';
import { findStuckMachines } from '../src/procedures/find-stuck-machines.js';
import type { FleetSnapshot } from '../src/procedures/fleet-snapshot.js';
import { stuckMachinesView } from '../src/slack/views/stuck-machines-view.js';

export type Breakdown = Record<
  'flatten + scrub' | 'split + JSON.parse' | 'schema check' | 'find stuck' | 'render',
  number
>;

const cpuMs = (work: () => void): number => {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};

// The report's read path stage by stage, on the outputs the three gets printed (CPU ms per stage).
export function readPathBreakdown(
  outputs: Record<'machines' | 'clustermachines' | 'clustermachinestatuses', string>,
  secret: string,
): Breakdown {
  const kinds: [keyof typeof outputs, ResourceKind<unknown>][] = [
    ['machines', machineKind],
    ['clustermachines', clusterMachineKind],
    ['clustermachinestatuses', clusterMachineStatusKind],
  ];
  const texts: string[] = [];
  const documents: unknown[][] = [];
  const parsed: unknown[][] = [];
  let snapshot: FleetSnapshot | undefined;
  let report: ReturnType<typeof findStuckMachines> | undefined;
  // Built from pieces, as execa's output arrives in chunks, so the first search flattens it as in the bot.
  const chunked = (text: string) => {
    let out = '';
    for (let i = 0; i < text.length; i += 65_536) out += text.slice(i, i + 65_536);
    return out;
  };
  const pieces = kinds.map(([name]) => chunked(outputs[name]));
  return {
    'flatten + scrub': cpuMs(() => {
      for (const text of pieces) texts.push(scrubSecret(text, secret));
    }),
    'split + JSON.parse': cpuMs(() => {
      for (const text of texts) documents.push(parseResourceStream(text));
    }),
    'schema check': cpuMs(() => {
      kinds.forEach(([, kind], i) => {
        parsed.push((documents[i] ?? []).map((d) => kind.schema.parse(d)));
      });
      snapshot = {
        machines: parsed[0] as FleetSnapshot['machines'],
        clusterMachines: parsed[1] as FleetSnapshot['clusterMachines'],
        clusterMachineStatuses: parsed[2] as FleetSnapshot['clusterMachineStatuses'],
      };
    }),
    'find stuck': cpuMs(() => {
      if (snapshot) report = findStuckMachines(snapshot, { now: new Date(), stuckAfterMs: 600_000 });
    }),
    render: cpuMs(() => {
      if (report) stuckMachinesView(report, 'U0ALICE');
    }),
  };
}

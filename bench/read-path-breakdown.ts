import { clusterMachineKind, clusterMachineStatusKind } from '../src/omni/cluster-machine-resources.js';
import { createResourceStreamParser } from '../src/omni/create-resource-stream-parser.js';
import { getResources } from '../src/omni/get-resources.js';
import { machineKind } from '../src/omni/machine-resources.js';
import type { ResourceKind } from '../src/omni/resource-kind.js';
import type { OmnictlResult, RunOptions } from '../src/omni/run-omnictl.js';
import { findStuckMachines } from '../src/procedures/diagnostics/find-stuck-machines.js';
import type { FleetSnapshot } from '../src/procedures/shared/fleet-snapshot.js';
import { stuckMachinesView } from '../src/slack/views/stuck-machines-view.js';

export type Breakdown = Record<
  | 'JSON.parse alone, nothing kept'
  | 'scan + scrub check + JSON.parse'
  | 'schema check'
  | 'getResources (both, as the bot)'
  | 'find stuck'
  | 'render',
  number
>;

const cpuMs = (work: () => void): number => {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};

// What the bot reads back from omnictl's output file: 64 KB chunks, plain Uint8Arrays.
function chunksOf(text: string): Uint8Array[] {
  const bytes = Buffer.from(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += 65_536) chunks.push(new Uint8Array(bytes.subarray(i, i + 65_536)));
  return chunks;
}

// A `run` that streams recorded output to onStdout synchronously, as the process's data events would.
function replay(chunks: Uint8Array[]) {
  return async (args: readonly string[], options: RunOptions = {}): Promise<OmnictlResult> => {
    for (const chunk of chunks) options.onStdout?.(chunk);
    return { args: [...args], exitCode: 0, stdout: '', stderr: '', durationMs: 0, warnings: [] };
  };
}

// The least any reader of this output spends: each object decoded and JSON.parse'd, nothing kept
// (the fastest of 3 passes). What the bot spends beyond it is checking, keeping and the rest.
function parseAlone(chunks: readonly Uint8Array[][]): number {
  const end = Buffer.from('\n}');
  const outputs = chunks.map((list) => Buffer.concat(list));
  const passes = [0, 1, 2].map(() =>
    cpuMs(() => {
      for (const output of outputs) {
        for (let at = output.indexOf(end), from = 0; at >= 0; at = output.indexOf(end, from)) {
          JSON.parse(output.toString('utf8', from, at + end.length));
          from = at + end.length;
        }
      }
    }),
  );
  return Math.min(...passes);
}

// The report's read path stage by stage, on the outputs the three gets printed (CPU ms per stage).
// Parsing and the schema check run interleaved per document in the bot; the first two stages time
// them apart, the third together through getResources.
export async function readPathBreakdown(
  outputs: Record<'machines' | 'clustermachines' | 'clustermachinestatuses', string>,
  secret: string,
): Promise<Breakdown> {
  const kinds: [keyof typeof outputs, ResourceKind<unknown>][] = [
    ['machines', machineKind],
    ['clustermachines', clusterMachineKind],
    ['clustermachinestatuses', clusterMachineStatusKind],
  ];
  const chunks = kinds.map(([name]) => chunksOf(outputs[name]));
  const documents: unknown[][] = [];
  const parsed: unknown[][] = [];
  let report: ReturnType<typeof findStuckMachines> | undefined;

  const scan = cpuMs(() => {
    for (const list of chunks) {
      const found: unknown[] = [];
      const parser = createResourceStreamParser((document) => found.push(document), { secret });
      for (const chunk of list) parser.push(chunk);
      parser.end();
      documents.push(found);
    }
  });
  const check = cpuMs(() => {
    kinds.forEach(([, kind], i) => {
      parsed.push((documents[i] ?? []).map((d) => kind.schema.parse(d)));
    });
  });
  documents.length = 0;
  parsed.length = 0;
  const before = process.cpuUsage();
  const read = await Promise.all(
    kinds.map(([, kind], i) => getResources({ run: replay(chunks[i] ?? []), secret }, kind)),
  );
  const used = process.cpuUsage(before);
  const snapshot: FleetSnapshot = {
    machines: read[0] as FleetSnapshot['machines'],
    clusterMachines: read[1] as FleetSnapshot['clusterMachines'],
    clusterMachineStatuses: read[2] as FleetSnapshot['clusterMachineStatuses'],
  };
  return {
    'JSON.parse alone, nothing kept': parseAlone(chunks),
    'scan + scrub check + JSON.parse': scan,
    'schema check': check,
    'getResources (both, as the bot)': (used.user + used.system) / 1000,
    'find stuck': cpuMs(() => {
      report = findStuckMachines(snapshot, { now: new Date(), stuckAfterMs: 600_000 });
    }),
    render: cpuMs(() => {
      if (report) stuckMachinesView(report, 'U0ALICE');
    }),
  };
}

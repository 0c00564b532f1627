import os from 'node:os';
import { QUICK } from './quick.js';

export type MachineInfo = {
  cpu: string;
  cores: number;
  node: string;
  os: string;
  memoryGb: number;
  loadAverage: string;
};

// What the figures were measured on; the load average says how busy the machine was.
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

export function printMachine(title: string): void {
  const m = machineInfo();
  console.log(`\n## ${title}`);
  console.log(
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}; Node ${m.node}; load average ${m.loadAverage}; ${new Date().toISOString()}`,
  );
  if (QUICK) console.log('BENCH_QUICK=1: tiny sizes to check the benchmark runs; these figures mean nothing');
}

// Runs every benchmark, one after another, each in a process of its own, and prints their figures.
// Run: node --import tsx bench/run-all.ts [name…]   (names: bench/benchmark-names.ts)
import { execa } from 'execa';
import { BENCHMARKS } from './benchmark-names.js';
import { ROOT } from './bot-env.js';
import { printMachine } from './machine-info.js';

const ALL: readonly string[] = BENCHMARKS;

async function main(): Promise<void> {
  const chosen = process.argv.slice(2);
  const names = chosen.length > 0 ? ALL.filter((name) => chosen.includes(name)) : ALL;
  printMachine(`omni-chatops benchmarks: ${names.join(', ')}`);
  let failed = 0;
  for (const name of names) {
    const started = performance.now();
    const result = await execa(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], {
      cwd: ROOT,
      stdout: 'inherit',
      stderr: 'inherit',
      reject: false,
    });
    if (result.exitCode !== 0) failed += 1;
    console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s, exit ${result.exitCode})`);
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();

import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BENCHMARKS } from '../../bench/benchmark-names.js';
import { findPostgresBinDir } from '../support/postgres/find-postgres.js';

const root = path.resolve(import.meta.dirname, '../..');

// `npm run bench` with tiny sizes: every benchmark still builds the bot, runs it and prints its
// tables. No figure is checked against a goal here: timings are for bench/RESULTS.md, not for CI.
describe('npm run bench (BENCH_QUICK=1)', () => {
  it('runs every benchmark to the end and prints its machine line and tables', {
    timeout: 420_000,
  }, async () => {
    const result = await execa(process.execPath, ['--import', 'tsx', 'bench/run-all.ts'], {
      cwd: root,
      env: { BENCH_QUICK: '1' },
      reject: false,
      all: true,
    });
    const out = result.all ?? '';

    expect(result.exitCode, out).toBe(0);
    for (const name of BENCHMARKS) expect(out).toContain(`(${name}: `);
    expect(out).not.toMatch(/exit [1-9]/);
    expect(out).toMatch(/^machine: .*cores.*Node v\d+/m);
    expect(out).toMatch(/^\| node dist\/src\/main\.js \(production build\) \| \d+/m);
    expect(out).toMatch(/^\| sequential \| 10 \|/m);
    expect(out).toMatch(/^\| 200 concurrent \| 20 \|/m);
    expect(out).toContain('every request acked 200');
    // The 200-machine fleet: 3 omnictl calls, one message, accepted by the Block Kit checks.
    expect(out).toMatch(/^\| 200 \(cold\) \| 6 \| .* \| 3 \/ 3 \| 1 \| .* \| yes \|$/m);
    // Both progress scenarios end with exactly one summary and no two edits within a second.
    expect(out.match(/^\| .* \| succeeded \| 40 \| .* \| 1 \| \d+ \| [\d.]+ \| none \|$/gm)).toHaveLength(2);
    // Each report answered, against a floor; the removal ran; the alert came.
    for (const command of ['stuck-machines', 'status', 'drift'])
      expect(out).toMatch(
        new RegExp(`^\\| 50 \\| ${command} \\| \\d+ \\| \\d+ \\| \\d+ \\| [\\d.]+× \\|`, 'm'),
      );
    expect(out).toMatch(/^\| 5 \| 10 \| 10 \| /m);
    expect(out).toMatch(/^\| 1 \| \d+ \| .* \| succeeded \|$/m);
    expect(out).toMatch(/^\| 1 \| \d+ \| 3000 \| yes \|$/m);
    // Claims and run starts on each engine: every request claimed once, every run started.
    const engines = findPostgresBinDir() ? ['SQLite', 'PostgreSQL'] : ['SQLite'];
    for (const engine of engines) {
      expect(out).toMatch(new RegExp(`^\\| ${engine} .*\\| 20 × 4 \\| \\d+ \\| .* \\| 20 of 20 \\|$`, 'm'));
      expect(out).toMatch(
        new RegExp(`^\\| ${engine} .*\\| 1 \\| [\\d.]+ / [\\d.]+ \\| .* \\| 1 of 1 \\|$`, 'm'),
      );
    }
  });
});

// Go time.ParseDuration for flag values like `0`, `30s`, `5m`, `1h30m`, `250ms`.

import { CliError } from './cli-error.mjs';

const UNITS = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** @param {string} raw @param {string} flag for the error message @returns {number} milliseconds */
export function parseGoDuration(raw, flag) {
  if (raw === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(raw); m !== null; m = re.exec(raw)) {
    total += Number(m[1]) * UNITS[/** @type {keyof typeof UNITS} */ (m[2])];
    consumed = re.lastIndex;
  }
  if (raw === '' || consumed !== raw.length) {
    throw new CliError(`invalid argument "${raw}" for "${flag}" flag: time: invalid duration "${raw}"`);
  }
  return total;
}

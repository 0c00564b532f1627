// pflag-style parsing of one command's arguments, with cobra's error texts.

import { CliError } from './cli-error.mjs';

/**
 * @typedef {{short?: string, value?: boolean, default?: unknown}} FlagSpec
 * @typedef {Record<string, FlagSpec>} FlagSpecs
 */

/** Persistent flags of the root command, accepted everywhere. */
export const GLOBAL_FLAGS = {
  omniconfig: { value: true },
  context: { value: true },
  'insecure-skip-tls-verify': {},
  'siderov1-keys-dir': { value: true },
  help: { short: 'h' },
};

/**
 * @param {string[]} args
 * @param {FlagSpecs} specs
 * @returns {{flags: Record<string, any>, positional: string[]}}
 */
export function parseArgs(args, specs) {
  const all = { ...GLOBAL_FLAGS, ...specs };
  /** @type {Record<string, any>} */
  const flags = Object.fromEntries(
    Object.entries(all).map(([name, s]) => [name, s.default ?? (s.value ? undefined : false)]),
  );
  const byShort = new Map(Object.entries(all).flatMap(([name, s]) => (s.short ? [[s.short, name]] : [])));
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    const arg = /** @type {string} */ (args[i]);
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = splitOnce(arg.slice(2));
      const spec = all[name];
      if (!spec) throw new CliError(`unknown flag: --${name}`);
      if (!spec.value) {
        flags[name] = inline === undefined ? true : inline === 'true';
      } else if (inline !== undefined) {
        flags[name] = inline;
      } else {
        if (i + 1 >= args.length) throw new CliError(`flag needs an argument: --${name}`);
        flags[name] = args[++i];
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      i = parseShorts(arg, args, i, all, byShort, flags);
      continue;
    }
    positional.push(arg);
  }
  return { flags, positional };
}

function splitOnce(s) {
  const eq = s.indexOf('=');
  return eq < 0 ? [s, undefined] : [s.slice(0, eq), s.slice(eq + 1)];
}

/** `-fy`, `-o json`, `-ojson`, `-o=json`; returns the index of the last consumed argument. */
function parseShorts(arg, args, i, all, byShort, flags) {
  const letters = arg.slice(1);
  for (let k = 0; k < letters.length; k++) {
    const letter = /** @type {string} */ (letters[k]);
    const name = byShort.get(letter);
    if (!name) throw new CliError(`unknown shorthand flag: '${letter}' in ${arg}`);
    if (!all[name].value) {
      flags[name] = true;
      continue;
    }
    const rest = letters.slice(k + 1);
    if (rest !== '') {
      flags[name] = rest.startsWith('=') ? rest.slice(1) : rest;
      return i;
    }
    if (i + 1 >= args.length) throw new CliError(`flag needs an argument: '${letter}' in -${letter}`);
    flags[name] = args[i + 1];
    return i + 1;
  }
  return i;
}

/** cobra.RangeArgs / ExactArgs messages. */
export function checkArgCount(positional, min, max) {
  const n = positional.length;
  if (n >= min && n <= max) return;
  if (min === max) throw new CliError(`accepts ${min} arg(s), received ${n}`);
  if (max === Number.POSITIVE_INFINITY)
    throw new CliError(`requires at least ${min} arg(s), only received ${n}`);
  throw new CliError(`accepts between ${min} and ${max} arg(s), received ${n}`);
}

#!/usr/bin/env node
// Fake `omnictl` (Sidero Omni CLI v1.10.4) for tests and the demo: answers from the scenario
// state in $FAKE_OMNI_STATE in the real output formats, logs each call to $FAKE_OMNI_LOG.
// See README.md.

import { writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { CliError } from './lib/cli-error.mjs';
import { ROOT, resolveCommand, usage } from './lib/commands/index.mjs';
import { createContext } from './lib/context.mjs';
import { playFault, takeFault } from './lib/faults.mjs';
import { logInvocation } from './lib/invocation-log.mjs';
import { checkArgCount, parseArgs } from './lib/parse-args.mjs';
import { runPreamble } from './lib/preamble.mjs';
import { installSignalHandlers } from './lib/signals.mjs';
import { readState } from './lib/state-store.mjs';

const VERSION = 'omnictl version v1.10.4 (API Version: 2)\n';

// The environment the bot gave this process (the wrapper's own FAKE_OMNI_* aside), for tests of
// what reaches omnictl; the key's value is not written down.
function dumpEnv() {
  const target = process.env.FAKE_OMNI_ENV_DUMP;
  if (!target) return;
  /** @type {Record<string, string>} */
  const seen = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('FAKE_OMNI_') || value === undefined) continue;
    seen[name] = name === 'OMNI_SERVICE_ACCOUNT_KEY' ? '[set]' : value;
  }
  writeFileSync(target, `${JSON.stringify(seen)}\n`);
}

/** @param {string[]} argv @returns {Promise<number>} */
async function main(argv) {
  dumpEnv();
  const statePath = process.env.FAKE_OMNI_STATE;
  if (!statePath) throw new CliError('fake omnictl: FAKE_OMNI_STATE is not set');
  let state = readState(statePath);
  const fault = takeFault(statePath, state, argv);
  if (fault) {
    const code = await playFault(fault);
    if (code !== null) return code;
    state = readState(statePath);
  }
  const { node, path, rest } = resolveCommand(argv);
  if (!node.load) {
    if (node === ROOT && rest.some((a) => a === '--version' || a === '-v')) {
      process.stdout.write(VERSION);
      return 0;
    }
    parseArgs(rest, node === ROOT ? { version: { short: 'v' } } : {});
    process.stdout.write(usage(path, node));
    return 0;
  }
  const command = await node.load();
  const { flags, positional } = parseArgs(rest, command.flags);
  if (flags.help) {
    process.stdout.write(usage(path, command));
    return 0;
  }
  if (flags.all && flags.selector !== undefined) {
    throw new CliError(
      'if any flags in the group [all selector] are set none of the others can be; [all selector] were all set',
    );
  }
  checkArgCount(positional, command.args[0], command.args[1]);
  command.preflight?.(flags);
  const ctx = createContext({ statePath, env: process.env, flags, positional, state });
  if (command.api) {
    runPreamble(ctx);
    ctx.reconcileIfNeeded();
  }
  return command.run(ctx);
}

const argv = process.argv.slice(2);

installSignalHandlers((signal) => {
  logInvocation(argv, 128 + constants.signals[signal], signal);
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
});
process.on('exit', (code) => logInvocation(argv, code));

try {
  process.exitCode = await main(argv);
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`Error: ${error.message}\n`);
    if (error.usageHint) process.stderr.write(`Run '${error.usageHint} --help' for usage.\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(
      `Error: fake omnictl crashed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}

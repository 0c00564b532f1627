// The command tree of the fake, with cobra's aliases, and how argv finds its command. Command
// modules load lazily: a `get` should not pay for the YAML parser the template commands need.

import { CliError } from '../cli-error.mjs';
import { GLOBAL_FLAGS } from '../parse-args.mjs';

/** @param {() => Promise<any>} load @param {string[]} [aliases] */
const lazy = (load, aliases = []) => ({ load, aliases });

const templateCommand = (name) =>
  lazy(() => import('./cluster-template.mjs').then((m) => m.templateCommands[name]));
const machineCommand = (name, aliases) =>
  lazy(() => import('./cluster-machine.mjs').then((m) => m.machineCommands[name]), aliases);

export const ROOT = {
  sub: {
    get: lazy(() => import('./get.mjs').then((m) => m.getCommand), ['g']),
    delete: lazy(() => import('./delete.mjs').then((m) => m.deleteCommand), ['d']),
    cluster: {
      aliases: ['c'],
      sub: {
        template: {
          aliases: ['t'],
          sub: {
            sync: templateCommand('sync'),
            diff: templateCommand('diff'),
            validate: templateCommand('validate'),
            status: templateCommand('status'),
            delete: templateCommand('delete'),
          },
        },
        status: lazy(() => import('./cluster-status.mjs').then((m) => m.clusterStatusCommand)),
        delete: lazy(() => import('./cluster-template.mjs').then((m) => m.clusterDeleteCommand)),
        machine: {
          sub: {
            delete: machineCommand('delete', ['rm', 'destroy']),
            lock: machineCommand('lock'),
            unlock: machineCommand('unlock'),
          },
        },
      },
    },
    infraprovider: {
      aliases: ['ip'],
      sub: {
        list: lazy(() => import('./infraprovider.mjs').then((m) => m.infraproviderCommands.list), ['l']),
        renewkey: lazy(
          () => import('./infraprovider.mjs').then((m) => m.infraproviderCommands.renewkey),
          ['r'],
        ),
      },
    },
    'machine-logs': lazy(() => import('./machine-logs.mjs').then((m) => m.machineLogsCommand), ['logs']),
    serviceaccount: {
      aliases: ['sa'],
      sub: {
        list: lazy(() => import('./serviceaccount.mjs').then((m) => m.serviceaccountCommands.list), ['l']),
      },
    },
  },
};

function child(node, word) {
  for (const [name, sub] of Object.entries(node.sub ?? {})) {
    if (name === word || sub.aliases?.includes(word)) return [name, sub];
  }
  return null;
}

/**
 * Walks argv down the tree: global flags may come anywhere, everything after the leaf command
 * is its own arguments.
 * @param {string[]} argv
 */
export function resolveCommand(argv) {
  /** @type {any} */
  let node = ROOT;
  const path = ['omnictl'];
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const token = /** @type {string} */ (argv[i]);
    if (!node.sub) {
      rest.push(...argv.slice(i));
      break;
    }
    if (token.startsWith('-')) {
      rest.push(token);
      const name = token.replace(/^--?/, '').split('=')[0];
      if (GLOBAL_FLAGS[name]?.value && !token.includes('=') && i + 1 < argv.length) rest.push(argv[++i]);
      continue;
    }
    const found = child(node, token);
    if (!found)
      throw new CliError(`unknown command "${token}" for "${path.join(' ')}"`, { usageHint: path.join(' ') });
    node = found[1];
    path.push(found[0]);
  }
  return { node, path, rest };
}

export function usage(path, node) {
  const subs = Object.keys(node.sub ?? {});
  return `Usage:\n  ${path.join(' ')}${subs.length > 0 ? ' [command]' : ' [flags]'}\n${
    subs.length > 0 ? `\nAvailable Commands:\n${subs.map((s) => `  ${s}\n`).join('')}` : ''
  }\n(fake omnictl: only the commands a runbook uses are implemented)\n`;
}

import { isClusterName } from '../procedures/identifiers.js';

export type OmniCommand = { name: 'help' } | { name: 'stuck-machines'; cluster?: string };

export type ParseResult = { ok: true; command: OmniCommand } | { ok: false; error: string };

export type CommandSpec = { name: OmniCommand['name']; usage: string; summary: string; example: string };

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'help', usage: 'help', summary: 'what you may run here, with examples', example: '/omni help' },
  {
    name: 'stuck-machines',
    usage: 'stuck-machines [cluster]',
    summary: 'machines stuck tearing down or unreachable, why, and a removal button for each',
    example: '/omni stuck-machines talos-prod',
  },
];

// Printable text only: anything else in a command is refused rather than interpreted.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const MAX_TEXT = 1000;

function clusterArg(value: string | undefined): { ok: true; cluster?: string } | { ok: false; error: string } {
  if (value === undefined) return { ok: true };
  if (!isClusterName(value)) {
    return {
      ok: false,
      error: `\`${value.slice(0, 80)}\` is not a cluster name (lower-case letters, digits and -, at most 63).`,
    };
  }
  return { ok: true, cluster: value };
}

export function parseCommand(text: string): ParseResult {
  if (text.length > MAX_TEXT) return { ok: false, error: `The command is too long (${text.length} characters).` };
  if (UNSAFE.test(text)) return { ok: false, error: 'The command contains control characters.' };
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [name, ...args] = words;
  if (name === undefined || name === 'help') return { ok: true, command: { name: 'help' } };
  switch (name) {
    case 'stuck-machines': {
      if (args.length > 1) return { ok: false, error: 'stuck-machines takes at most one cluster name.' };
      const cluster = clusterArg(args[0]);
      return cluster.ok ? { ok: true, command: { name, cluster: cluster.cluster } } : cluster;
    }
    default:
      return { ok: false, error: `\`${name.slice(0, 40)}\` is not a subcommand.` };
  }
}

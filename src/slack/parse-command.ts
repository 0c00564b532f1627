import { parseDuration } from '../config/parse-duration.js';
import { isClusterName, isMachineId } from '../omni-model/identifiers.js';
import { PROCEDURES } from '../procedures/registry.js';
import type { TimelineSubject } from '../recovery/timeline/timeline-subject.js';
import { nearestSubcommand } from './nearest-subcommand.js';

export type OmniCommand =
  | { name: 'help' }
  | { name: 'stuck-machines'; cluster?: string }
  | { name: 'status'; cluster?: string }
  | { name: 'delete-clustermachine'; machineId: string; reason: string }
  | { name: 'delete-machine'; machineId: string }
  | { name: 'history'; limit: number }
  | { name: 'provider-status' }
  | { name: 'restart-provider'; reason: string }
  | { name: 'rotate-provider-key'; source: 'renew' | 'pasted' }
  | { name: 'reboot-loop'; cluster?: string }
  | { name: 'drift'; cluster?: string }
  | { name: 'sync-template'; cluster: string }
  | { name: 'recover-cluster'; cluster: string }
  | { name: 'freeze'; reason: string }
  | { name: 'unfreeze' }
  | { name: 'timeline'; subject: TimelineSubject; sinceMs?: number };

export type ParseResult = { ok: true; command: OmniCommand } | { ok: false; error: string };

export type CommandSpec = {
  name: OmniCommand['name'];
  usage: string;
  summary: string;
  example: string;
  // Destructive procedures go through an approval card; the rest only read.
  needsApproval?: boolean;
  // Only approvers may run it (the change freeze).
  approversOnly?: boolean;
};

// The read-only commands; each procedure's command is in its definition (procedures/registry.ts).
const READ_COMMANDS: readonly CommandSpec[] = [
  { name: 'help', usage: 'help', summary: 'what you may run here, with examples', example: '/omni help' },
  {
    name: 'status',
    usage: 'status [cluster]',
    summary:
      'clusters with phase and ready machines, machines by stage, the provider connection, open alerts',
    example: '/omni status talos-prod',
  },
  {
    name: 'stuck-machines',
    usage: 'stuck-machines [cluster]',
    summary: 'machines stuck tearing down or unreachable, why, and a removal button for each',
    example: '/omni stuck-machines talos-prod',
  },
  {
    name: 'delete-machine',
    usage: 'delete-machine <machine-uuid>',
    summary: 'explains why machines are read-only and offers the clustermachine removal instead',
    example: '/omni delete-machine e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82',
  },
  {
    name: 'provider-status',
    usage: 'provider-status',
    summary: 'infra provider connection, last heartbeat and error, key expiry hints',
    example: '/omni provider-status',
  },
  {
    name: 'reboot-loop',
    usage: 'reboot-loop [cluster]',
    summary:
      'nodes that cannot join or label themselves (NodeRestriction labels in the template), with the fix',
    example: '/omni reboot-loop talos-prod',
  },
  {
    name: 'drift',
    usage: 'drift [cluster]',
    summary:
      'machines whose VM is gone, stuck clustermachines, failed machine requests, machine classes, template diff',
    example: '/omni drift talos-prod',
  },
  {
    name: 'freeze',
    usage: 'freeze <reason…>',
    summary:
      'approvers: stops every destructive procedure (nothing can be approved, a run stops before its next step) until unfreeze',
    example: '/omni freeze release 2.4 in progress',
    approversOnly: true,
  },
  {
    name: 'unfreeze',
    usage: 'unfreeze',
    summary: 'approvers other than the one who froze: lifts the change freeze',
    example: '/omni unfreeze',
    approversOnly: true,
  },
  {
    name: 'timeline',
    usage: 'timeline <request id | run id | cluster> [since]',
    summary:
      'a Markdown file in the thread: requests, decisions, steps with exit codes and output, alerts, in UTC (since: e.g. 24h, for a cluster)',
    example: '/omni timeline talos-prod 24h',
  },
  {
    name: 'history',
    usage: 'history [n]',
    summary: 'the last n requests, approvals and runs',
    example: '/omni history 10',
  },
];

// Help and the usage message list commands by topic (machines, the provider, templates), reads
// and procedures together; a command not named here comes last.
const HELP_ORDER: readonly string[] = [
  'help',
  'status',
  'stuck-machines',
  'delete-clustermachine',
  'delete-machine',
  'provider-status',
  'restart-provider',
  'rotate-provider-key',
  'reboot-loop',
  'drift',
  'sync-template',
  'recover-cluster',
  'freeze',
  'unfreeze',
  'timeline',
  'history',
];
const helpRank = (name: string) => {
  const rank = HELP_ORDER.indexOf(name);
  return rank === -1 ? HELP_ORDER.length : rank;
};

export const COMMANDS: readonly CommandSpec[] = [
  ...READ_COMMANDS,
  ...PROCEDURES.flatMap(({ command }): CommandSpec[] =>
    // Checked by parse-command.test.ts: every procedure's word is a subcommand parseCommand reads.
    command ? [{ ...command, name: command.word as OmniCommand['name'], needsApproval: true }] : [],
  ),
]
  .map(({ name, usage, summary, example, needsApproval, approversOnly }) => ({
    name,
    usage,
    summary,
    example,
    ...(needsApproval ? { needsApproval } : {}),
    ...(approversOnly ? { approversOnly } : {}),
  }))
  .sort((a, b) => helpRank(a.name) - helpRank(b.name));

// Printable text only: anything else in a command is refused rather than interpreted.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const MAX_TEXT = 1000;
// Free text never reaches a shell, but text that looks like shell is refused so no record is ambiguous.
const SHELL_LIKE = /[`;|&<>\\]|\$[({]/;

function clusterArg(
  value: string | undefined,
): { ok: true; cluster?: string } | { ok: false; error: string } {
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
  if (text.length > MAX_TEXT)
    return { ok: false, error: `The command is too long (${text.length} characters).` };
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
    case 'delete-clustermachine':
    case 'delete-machine': {
      const [id, ...rest] = args;
      if (id === undefined) return { ok: false, error: `${name} needs a machine id (a UUID).` };
      if (!isMachineId(id.toLowerCase())) {
        return {
          ok: false,
          error: `\`${id.slice(0, 80)}\` is not a machine id: expected a UUID such as e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82.`,
        };
      }
      const machineId = id.toLowerCase();
      if (name === 'delete-machine') {
        if (rest.length > 0) return { ok: false, error: 'delete-machine takes only a machine id.' };
        return { ok: true, command: { name, machineId } };
      }
      const reason = rest.join(' ');
      if (SHELL_LIKE.test(reason)) {
        return {
          ok: false,
          error: 'The reason may not contain shell metacharacters (` ; | & < > \\ $( ${).',
        };
      }
      return { ok: true, command: { name, machineId, reason: reason.slice(0, 500) } };
    }
    case 'status':
    case 'reboot-loop':
    case 'drift': {
      if (args.length > 1) return { ok: false, error: `${name} takes at most one cluster name.` };
      const cluster = clusterArg(args[0]);
      return cluster.ok ? { ok: true, command: { name, cluster: cluster.cluster } } : cluster;
    }
    case 'sync-template':
    case 'recover-cluster': {
      if (args.length !== 1) return { ok: false, error: `${name} takes exactly one cluster name.` };
      const cluster = clusterArg(args[0]);
      if (!cluster.ok) return cluster;
      return { ok: true, command: { name, cluster: cluster.cluster ?? '' } };
    }
    case 'provider-status':
      return args.length === 0
        ? { ok: true, command: { name } }
        : { ok: false, error: 'provider-status takes no arguments.' };
    case 'restart-provider': {
      const reason = args.join(' ');
      if (SHELL_LIKE.test(reason))
        return {
          ok: false,
          error: 'The reason may not contain shell metacharacters (` ; | & < > \\ $( ${).',
        };
      return { ok: true, command: { name, reason: reason.slice(0, 500) } };
    }
    case 'rotate-provider-key': {
      if (args.length > 1 || (args[0] !== undefined && args[0] !== 'paste')) {
        return {
          ok: false,
          error: 'rotate-provider-key takes no argument, or `paste` to paste a key made in the Omni UI.',
        };
      }
      return { ok: true, command: { name, source: args[0] === 'paste' ? 'pasted' : 'renew' } };
    }
    case 'freeze': {
      const reason = args.join(' ');
      if (!reason) return { ok: false, error: 'freeze needs a reason: `/omni freeze <reason…>`.' };
      if (SHELL_LIKE.test(reason))
        return {
          ok: false,
          error: 'The reason may not contain shell metacharacters (` ; | & < > \\ $( ${).',
        };
      return { ok: true, command: { name, reason: reason.slice(0, 500) } };
    }
    case 'unfreeze':
      return args.length === 0
        ? { ok: true, command: { name } }
        : { ok: false, error: 'unfreeze takes no arguments.' };
    case 'timeline':
      return parseTimeline(args);
    case 'history': {
      if (args.length > 1 || (args[0] !== undefined && !/^\d{1,3}$/.test(args[0]))) {
        return { ok: false, error: 'history takes one optional number (1-100).' };
      }
      const limit = Math.min(100, Math.max(1, Number(args[0] ?? 10)));
      return { ok: true, command: { name, limit } };
    }
    default: {
      const meant = nearestSubcommand(
        name,
        COMMANDS.map((c) => c.name),
      );
      const hint = meant ? ` Did you mean \`${meant}\`?` : '';
      return { ok: false, error: `\`${name.slice(0, 40)}\` is not a subcommand.${hint}` };
    }
  }
}

const RUN_ID = /^run-[0-9a-f]{12}$/;
const REQUEST_ID = /^r-[0-9a-f]{12}$/;

function parseTimeline(args: readonly string[]): ParseResult {
  const [target, since, ...rest] = args;
  const usage =
    'timeline takes a request id (r-…), a run id (run-…) or a cluster name, and optionally how far back (e.g. 24h).';
  if (target === undefined || rest.length > 0) return { ok: false, error: usage };
  let sinceMs: number | undefined;
  if (since !== undefined) {
    sinceMs = parseDuration(since);
    if (sinceMs === undefined || sinceMs <= 0)
      return { ok: false, error: `\`${since.slice(0, 40)}\` is not a duration such as 90m, 24h or 7d.` };
  }
  const subject: TimelineSubject | undefined = REQUEST_ID.test(target)
    ? { kind: 'request', id: target }
    : RUN_ID.test(target)
      ? { kind: 'run', id: target }
      : isClusterName(target)
        ? { kind: 'cluster', cluster: target }
        : undefined;
  if (!subject) return { ok: false, error: usage };
  return { ok: true, command: { name: 'timeline', subject, ...(sinceMs !== undefined ? { sinceMs } : {}) } };
}

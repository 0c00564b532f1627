import { PROCEDURES } from '../procedures/registry.js';
import type { OmniCommand } from './parse-command.js';

// What `/omni help`, the usage message and the manifest's hint list: every subcommand with its
// usage, summary and example, the read-only ones here and each procedure's from its definition.
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

import { describeVm } from '../../procedures/diagnostics/describe-vm.js';
import type { StuckMachine, StuckMachinesReport } from '../../procedures/diagnostics/find-stuck-machines.js';
import type { VmVerdict } from '../../procedures/diagnostics/match-vms.js';
import { ACTION } from '../action-ids.js';
import {
  type Block,
  type Button,
  escapeMrkdwn,
  mrkdwn,
  plain,
  type SlackMessage,
  truncate,
} from './block-kit.js';
import { ago, slackDate } from './format-time.js';

// Sections per message: the first message also carries a header, summary, divider and actions.
const FIRST_PAGE = 40;
const NEXT_PAGE = 45;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function why(machine: StuckMachine): string {
  const parts: string[] = [];
  if (machine.reasons.includes('tearing-down')) {
    const waiting = machine.finalizers.length > 0 ? `, waiting on ${machine.finalizers.join(', ')}` : '';
    parts.push(`tearing down (phase \`${machine.phase}\`) ${ago(machine.forMs)}${waiting}`);
  }
  if (machine.reasons.includes('unreachable')) {
    const duration = machine.reasons.includes('tearing-down') ? '' : ` ${ago(machine.forMs)}`;
    parts.push(`unreachable${duration}: Omni has no connection to it`);
  }
  return parts.join('; ');
}

// A rebooting machine is unreachable for a while; it becomes removable after STUCK_AFTER.
export function notRemovableYet(machine: StuckMachine): string {
  return machine.removableAt
    ? `not removable yet (a rebooting machine is unreachable for a while): removable from ${slackDate(machine.removableAt)}`
    : 'not removable: Omni shows no time for it, so the bot cannot tell a reboot from a lost machine';
}

function removalButton(machine: StuckMachine): Button {
  return {
    type: 'button',
    action_id: ACTION.requestRemoval,
    text: plain('Request removal', 75),
    value: machine.id,
  };
}

// What Proxmox says of the VM (the runbook's "the VM was deleted out of band", checked); the reason
// Proxmox could not be read is said once, below the machines.
export function vmLine(verdict: VmVerdict | undefined): string | undefined {
  if (verdict === undefined) return undefined;
  return verdict.kind === 'unknown' ? 'unknown (see below)' : escapeMrkdwn(describeVm(verdict));
}

export function machineSection(machine: StuckMachine, vm?: VmVerdict): Block {
  const vmText = vmLine(vm);
  return {
    type: 'section',
    text: mrkdwn(
      `*${escapeMrkdwn(machine.hostname)}*  \`${escapeMrkdwn(machine.id)}\`\n${truncate(escapeMrkdwn(why(machine)), 2000)}` +
        (machine.removable ? '' : `\n${notRemovableYet(machine)}`),
    ),
    fields: [
      mrkdwn(`*Cluster*\n${escapeMrkdwn(machine.cluster)}`),
      mrkdwn(`*Role*\n${machine.role === 'controlplane' ? 'control plane' : machine.role}`),
      mrkdwn(`*Stage*\n${escapeMrkdwn(machine.stageName)}${machine.connected ? '' : ' · Unreachable'}`),
      mrkdwn(`*Since*\n${slackDate(machine.since)}`),
      ...(vmText === undefined ? [] : [mrkdwn(`*VM*\n${vmText}`)]),
    ],
    // No button for a machine the removal would refuse (unreachable for less than STUCK_AFTER).
    ...(machine.removable ? { accessory: removalButton(machine) } : {}),
  };
}

function summary(report: StuckMachinesReport): string {
  const scope = report.cluster
    ? `cluster *${escapeMrkdwn(report.cluster)}*`
    : plural(report.clusterCount, 'cluster');
  const stuck = report.stuck.filter((m) => m.removable);
  // Each machine counted once, by what is wrong with it: the parts add up to the total.
  const both = stuck.filter(
    (m) => m.reasons.includes('tearing-down') && m.reasons.includes('unreachable'),
  ).length;
  const tearing = stuck.filter((m) => m.reasons.includes('tearing-down')).length - both;
  const unreachable = stuck.filter((m) => m.reasons.includes('unreachable')).length - both;
  const parts = [
    both > 0 ? `${both} tearing down and unreachable` : '',
    tearing > 0 ? `${tearing} tearing down` : '',
    unreachable > 0 ? `${unreachable} unreachable` : '',
  ].filter(Boolean);
  const recent = report.stuck.length - stuck.length;
  return (
    `*${plural(stuck.length, 'stuck machine')}* of ${plural(report.machineCount, 'machine')} in ${scope}` +
    (parts.length > 0 ? `: ${parts.join(', ')}.` : '.') +
    (recent > 0 ? ` ${recent} more unreachable for less than STUCK_AFTER, not removable yet.` : '')
  );
}

// The report as Slack messages: the first goes to the channel, the others into its thread.
export function stuckMachinesView(report: StuckMachinesReport, requestedBy: string): SlackMessage[] {
  const where = report.cluster ? ` in ${report.cluster}` : '';
  if (report.stuck.length === 0) {
    const scope = report.cluster
      ? `cluster ${escapeMrkdwn(report.cluster)}`
      : plural(report.clusterCount, 'cluster');
    const text = `Nothing stuck${escapeMrkdwn(where)}: ${plural(report.machineCount, 'machine')} in ${scope}, none tearing down, all reachable.`;
    return [
      {
        text,
        blocks: [
          { type: 'section', text: mrkdwn(`:white_check_mark: ${text}`) },
          {
            type: 'context',
            elements: [mrkdwn(`Checked ${slackDate(report.checkedAt)} for <@${requestedBy}>`)],
          },
        ],
      },
    ];
  }
  const first = report.stuck.slice(0, FIRST_PAGE);
  const rest = report.stuck.slice(FIRST_PAGE);
  const pages = Math.ceil(rest.length / NEXT_PAGE) + 1;
  const blocks: Block[] = [
    { type: 'header', text: plain(`Stuck machines${where}`, 150) },
    { type: 'section', text: mrkdwn(summary(report)) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          `Checked ${slackDate(report.checkedAt)} for <@${requestedBy}>` +
            (pages > 1 ? ` · showing ${first.length}, the other ${rest.length} are in the thread` : ''),
        ),
      ],
    },
    { type: 'divider' },
    ...first.map((m) => machineSection(m, report.vms?.byMachine[m.id])),
    ...(report.vms?.note
      ? [{ type: 'context' as const, elements: [mrkdwn(`:grey_question: ${escapeMrkdwn(report.vms.note)}`)] }]
      : []),
  ];
  const removable = report.stuck.filter((m) => m.removable).length;
  if (removable > 1) {
    blocks.push({
      type: 'actions',
      block_id: 'stuck.all',
      elements: [
        {
          type: 'button',
          action_id: ACTION.requestRemovalAll,
          text: plain(`Request removal of all ${removable}`, 75),
          value: report.cluster ?? '',
          style: 'danger',
        },
      ],
    });
  }
  const messages: SlackMessage[] = [
    { text: `${plural(removable, 'stuck machine')}${escapeMrkdwn(where)}`, blocks },
  ];
  for (let page = 0; page * NEXT_PAGE < rest.length; page += 1) {
    const slice = rest.slice(page * NEXT_PAGE, (page + 1) * NEXT_PAGE);
    messages.push({
      text: `Stuck machines, page ${page + 2} of ${pages}`,
      blocks: [
        { type: 'context', elements: [mrkdwn(`Page ${page + 2} of ${pages}`)] },
        ...slice.map((m) => machineSection(m, report.vms?.byMachine[m.id])),
      ],
    });
  }
  return messages;
}

import type { DriftReport } from '../../procedures/diagnostics/find-drift.js';
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
import { ago } from './format-time.js';
import { notRemovableYet } from './stuck-machines-view.js';

const MAX_LINES = 30;

// What Proxmox says beside Omni: the VMs that are missing, the ones nobody accounts for, the stopped.
function vmDriftSection(report: DriftReport): Block | undefined {
  const vms = report.vms;
  if (vms === undefined) return undefined;
  if (!vms.checked)
    return { type: 'section', text: mrkdwn(`*Proxmox VMs*\n:grey_question: ${escapeMrkdwn(vms.note)}`) };
  const vm = (v: { vmid: number; node: string; name: string }) =>
    `\`${escapeMrkdwn(v.name)}\` (VM ${v.vmid} on ${escapeMrkdwn(v.node)})`;
  const lines = [
    ...vms.missing.map(
      (m) =>
        `• :ghost: missing VM: Omni has machine \`${escapeMrkdwn(m.machineId)}\`, Proxmox has no VM \`${escapeMrkdwn(m.name)}\``,
    ),
    ...vms.orphans.map(
      (o) => `• :moneybag: orphan VM ${vm(o)}: no machine or machine request in Omni accounts for it`,
    ),
    ...vms.stopped.map(
      (s) => `• :double_vertical_bar: stopped VM ${vm(s.vm)} of machine \`${escapeMrkdwn(s.machineId)}\``,
    ),
  ];
  const body =
    lines.length === 0
      ? ':white_check_mark: every machine has its VM, and no VM of the provider is left over'
      : list(lines, (line) => line, '');
  return { type: 'section', text: mrkdwn(`*Proxmox VMs*\n${body}`) };
}

function list<T>(items: readonly T[], line: (item: T) => string, empty: string): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, MAX_LINES).map(line);
  if (items.length > MAX_LINES) shown.push(`…and ${items.length - MAX_LINES} more`);
  return shown.join('\n');
}

export function driftView(report: DriftReport, requestedBy: string): SlackMessage {
  const scope = report.cluster ? ` in ${report.cluster}` : '';
  const blocks: Block[] = [
    { type: 'header', text: plain(`State drift${scope}`, 150) },
    {
      type: 'section',
      text: mrkdwn(
        `*Stuck or disconnected machines*\n${list(report.stuck, (m) => `• *${escapeMrkdwn(m.hostname)}* \`${escapeMrkdwn(m.id)}\` (${escapeMrkdwn(m.cluster)}): ${escapeMrkdwn(m.stageName)}${m.connected ? '' : ', unreachable'}${m.reasons.includes('tearing-down') ? ', tearing down' : ''}${m.removable ? '' : ` ${ago(m.forMs)}, ${notRemovableYet(m)}`}`, 'none')}`,
      ),
    },
    {
      type: 'section',
      text: mrkdwn(
        `*Machine requests*\n${report.requestsUnknown ? ':grey_question: could not be read (see below)' : list(report.failedRequests, (r) => `• \`${escapeMrkdwn(r.id)}\` FAILED: ${escapeMrkdwn(truncate(r.error || r.status, 200))}`, 'none failed')}${
          report.provisioningTooLong.length > 0
            ? `\n${list(report.provisioningTooLong, (r) => `• \`${escapeMrkdwn(r.id)}\` still provisioning: ${escapeMrkdwn(r.status)}`, '')}`
            : ''
        }`,
      ),
    },
    {
      type: 'section',
      text: mrkdwn(
        `*Machine classes*\n${report.machineClassesUnknown ? ':grey_question: could not be read (see below)' : list(report.machineClasses, (c) => `• \`${escapeMrkdwn(c.id)}\` → ${escapeMrkdwn(c.provider)}`, 'none')}`,
      ),
    },
  ];
  const vmSection = vmDriftSection(report);
  if (vmSection) blocks.push(vmSection);
  if (report.unread.length > 0)
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*Partial answer*\n${report.unread.map((n) => `:warning: ${escapeMrkdwn(n)}`).join('\n')}`,
      ),
    });
  if (report.templateNote)
    blocks.push({ type: 'section', text: mrkdwn(`*Template*\n${escapeMrkdwn(report.templateNote)}`) });
  else if (report.templateDiff !== undefined) {
    const diff = report.templateDiff.trim()
      ? `\`\`\`${truncate(escapeMrkdwn(report.templateDiff), 2700)}\`\`\``
      : ':white_check_mark: in sync with Omni';
    blocks.push({ type: 'section', text: mrkdwn(`*Template diff against Omni*\n${diff}`) });
  } else if (report.cluster === undefined) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        '*Template*\nNot compared: a template belongs to one cluster. `/omni drift <cluster>` compares its template with Omni.',
      ),
    });
  }
  const buttons: Button[] = [];
  const removable = report.stuck.filter((m) => m.removable).length;
  if (removable > 0) {
    buttons.push({
      type: 'button',
      action_id: ACTION.requestRemovalAll,
      text: plain(`Request removal of the ${removable} stuck`, 75),
      value: report.cluster ?? '',
      style: 'danger',
    });
  }
  if (report.cluster && report.templateDiff?.trim()) {
    buttons.push({
      type: 'button',
      action_id: ACTION.requestTemplateSync,
      text: plain('Request template sync', 75),
      value: report.cluster,
    });
  }
  if (buttons.length > 0)
    blocks.push({ type: 'actions', block_id: `drift:${report.cluster ?? 'all'}`, elements: buttons });
  blocks.push({ type: 'context', elements: [mrkdwn(`For <@${requestedBy}>`)] });
  return {
    text: `State drift${escapeMrkdwn(scope)}: ${removable} stuck machines, ${report.failedRequests.length} failed requests`,
    blocks,
  };
}

import type { RequestFacts } from '../../notify/notifier.js';
import type {
  ClusterTarget,
  MachineTarget,
  Plan,
  ProviderTarget,
  Step,
  Target,
  TemplateSnapshotRef,
} from '../../procedures/shared/plan.js';
import { commandLine } from '../../procedures/shared/plan.js';
import { typedTarget } from '../../procedures/shared/typed-target.js';
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
import { diffCardBlocks, fitsOnCard } from './diff-preview.js';
import { slackDate } from './format-time.js';
import { frozenLine } from './freeze-view.js';

const MAX_TARGETS = 15;

export type CardState =
  | { kind: 'pending'; approvedBy: readonly string[] }
  | { kind: 'running'; approvedBy: readonly string[] }
  // mrkdwn, composed by the notifier (which escapes the verdict or reason in it).
  | { kind: 'closed'; headline: string };

function targetLine(target: Target): string {
  switch (target.kind) {
    case 'machine':
      return machineLine(target);
    case 'cluster':
      return clusterLine(target);
    case 'provider':
      return providerLine(target);
  }
}

function machineLine(t: MachineTarget): string {
  const role = t.role === 'controlplane' ? 'control plane' : t.role;
  const link = t.connected ? 'connected' : 'unreachable';
  const finalizers = t.finalizers.length > 0 ? `; finalizers ${escapeMrkdwn(t.finalizers.join(', '))}` : '';
  // Every field but the link state comes from Omni or a node's logs (a label fix's stage is the
  // evidence, its phase the rejected label keys): text, never mrkdwn.
  return `• *${escapeMrkdwn(t.hostname)}* \`${escapeMrkdwn(t.id)}\`: ${escapeMrkdwn(t.cluster)}, ${escapeMrkdwn(role)}, ${escapeMrkdwn(t.stageName)}, phase ${escapeMrkdwn(t.phase)}, ${link}${finalizers}`;
}

// A whole cluster: its template (a path, not a hostname) and what happens to it.
function clusterLine(t: ClusterTarget): string {
  const change = t.change ? `; ${escapeMrkdwn(t.change)}` : '';
  return `• Cluster *${escapeMrkdwn(t.id)}* (template \`${escapeMrkdwn(t.template)}\`): ${escapeMrkdwn(t.state)}${change}`;
}

// An infra provider: connected or not, and when Omni last heard from it.
function providerLine(t: ProviderTarget): string {
  const name = t.name === t.id ? '' : ` (${escapeMrkdwn(t.name)})`;
  const link = t.connected ? 'connected' : 'disconnected';
  const heartbeat = t.lastHeartbeat ? `last heartbeat ${slackDate(t.lastHeartbeat)}` : 'no heartbeat yet';
  return `• Infra provider *${escapeMrkdwn(t.id)}*${name}: ${link}, ${heartbeat}`;
}

// The note goes on a line of its own, so each command is one line that can be copied whole.
function stepLine(step: Step, idx: number): string {
  const note =
    step.kind === 'omnictl' && step.onlyIfPreviousRefused
      ? '\n   # only if Omni refuses the step before as read-only'
      : step.kind === 'omnictl' && step.expectFailure
        ? '\n   # runbook step; current Omni refuses it as read-only'
        : '';
  return `${idx + 1}. ${escapeMrkdwn(commandLine(step))}${note}`;
}

// Which files the steps read: the copy taken at request time, named by its hash.
// What Proxmox said of each target's VM, and when: "VM 101 on pve2: running for 3d", "gone: …".
function vmCheckBlock(plan: Plan): Block {
  const check = plan.vmCheck!;
  const lines = check.lines.map((l) => `• *${escapeMrkdwn(l.hostname)}*: ${escapeMrkdwn(l.text)}`);
  const note = check.note ? `\n:grey_question: ${escapeMrkdwn(check.note)}` : '';
  const warning = plan.needsOverride
    ? `\n:warning: ${escapeMrkdwn(plan.needsOverride.reason)} Approve is refused; *Remove anyway* runs it and is audited.`
    : '';
  return {
    type: 'section',
    text: mrkdwn(`*Proxmox* (read ${slackDate(check.readAt)})\n${lines.join('\n')}${note}${warning}`),
  };
}

function snapshotBlock(snapshot: TemplateSnapshotRef): Block {
  const files = Array.from(snapshot.files, (f) => `\`${escapeMrkdwn(f.path)}\``).join(', ');
  return {
    type: 'context',
    elements: [
      mrkdwn(
        `:lock: Runs from a read-only copy of ${files} taken at request time (sha256 \`${snapshot.hash.slice(0, 12)}\`). If these files change on disk before the approval, it is refused.`,
      ),
    ],
  };
}

export function stepsBlock(plan: Plan): string {
  return truncate(`\`\`\`${plan.steps.map(stepLine).join('\n')}\`\`\``, 2900);
}

// What the approver's click does, said before they click: the procedure and what it acts on, and,
// when this approval is not the last one needed, that nothing runs yet. The confirm is static on
// the button, but the card is drawn again after each approval, so it follows the count.
function approveConfirmText(request: RequestFacts, plan: Plan, approvedBy: readonly string[]): string {
  const on = targetsInBrief(plan);
  const what = `${plan.procedure}${on ? ` on ${on}` : ''}`;
  const left = request.approvalsNeeded - approvedBy.length;
  if (left > 1) {
    const after = left - 1;
    return `This records your approval of ${what}. Nothing runs yet: it still needs ${after} more approval${after === 1 ? '' : 's'} after yours.`;
  }
  const inThread =
    plan.preview && !fitsOnCard(plan.preview) ? ' and the whole diff in the thread is applied' : '';
  const dry = request.dryRun ? ' (dry run: mutating commands are skipped)' : '';
  return `${what}: the commands listed on the card will run now${inThread}${dry}.`;
}

// A name fit for plain text, which is never escaped: only a plain DNS-like name passes, so text
// from Omni can never carry a mention or a link into the dialog.
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,120}$/;
const plainName = (...candidates: string[]): string =>
  candidates.find((c) => PLAIN_NAME.test(c)) ?? 'a target named on the card';

// The targets in a few words for the confirm dialog.
function targetsInBrief(plan: Plan): string {
  const named = plan.targets.map((t) => {
    const target = typedTarget(plan.procedure, t);
    return target.kind === 'machine'
      ? plainName(target.hostname, target.id)
      : `${target.kind} ${plainName(target.id)}`;
  });
  if (named.length === 0) return plan.cluster ? `cluster ${plainName(plan.cluster)}` : '';
  return named.length <= 3
    ? named.join(', ')
    : `${named.slice(0, 2).join(', ')} and ${named.length - 2} more`;
}

function buttons(request: RequestFacts, plan: Plan, approvedBy: readonly string[]): Block {
  const last = request.approvalsNeeded - approvedBy.length <= 1;
  const approve: Button = {
    type: 'button',
    action_id: ACTION.approve,
    text: plain('Approve', 75),
    style: 'primary',
    value: request.id,
    confirm: {
      title: plain(last ? 'Run this procedure?' : 'Approve this procedure?', 100),
      text: plain(approveConfirmText(request, plan, approvedBy), 300),
      confirm: plain(last ? 'Approve and run' : 'Approve', 30),
      deny: plain('Back', 30),
    },
  };
  const reject: Button = {
    type: 'button',
    action_id: ACTION.reject,
    text: plain('Reject', 75),
    style: 'danger',
    value: request.id,
    confirm: {
      title: plain('Reject this request?', 100),
      text: plain('Nothing will run. The requester can ask again.', 300),
      confirm: plain('Reject', 30),
      deny: plain('Back', 30),
      style: 'danger',
    },
  };
  // A live VM: a plain Approve is refused; this is the approver's explicit, audited choice.
  const anyway: Button[] = plan.needsOverride
    ? [
        {
          type: 'button',
          action_id: ACTION.approveAnyway,
          text: plain('Remove anyway', 75),
          style: 'danger',
          value: request.id,
          confirm: {
            title: plain('Remove a machine whose VM runs?', 100),
            text: plain(`${plan.needsOverride.reason} Your choice is recorded in the audit log.`, 300),
            confirm: plain('Remove anyway', 30),
            deny: plain('Back', 30),
            style: 'danger',
          },
        },
      ]
    : [];
  return { type: 'actions', block_id: `approval:${request.id}`, elements: [approve, ...anyway, reject] };
}

// Says how many yeses are still missing, so a card with one of two approvals never reads as "waiting
// for 2"; procedures needing two or more never count the requester (access-policy.ts). A request
// past its expiry says so ("expired"), even before the sweep closes it.
function waitingLine(request: RequestFacts, approvedBy: readonly string[], now: Date): string {
  const needed = request.approvalsNeeded;
  const past = Date.parse(request.expiresAt) <= now.getTime();
  const expires = `${past ? 'expired' : 'expires'} ${slackDate(request.expiresAt)}`;
  if (needed === 1) return `:hourglass_flowing_sand: Waiting for an approver; ${expires}.`;
  const left = needed - approvedBy.length;
  const approvals = `${left} ${approvedBy.length > 0 ? 'more ' : ''}approval${left === 1 ? '' : 's'} needed, from approvers other than the requester`;
  const so =
    approvedBy.length > 0
      ? `Approved by ${approvedBy.map((u) => `<@${u}>`).join(', ')} (${approvedBy.length} of ${needed}); `
      : '';
  return `:hourglass_flowing_sand: ${so}${approvals}; ${expires}.`;
}

function statusLine(request: RequestFacts, state: CardState, now: Date): string {
  switch (state.kind) {
    case 'pending':
      return waitingLine(request, state.approvedBy, now);
    case 'running':
      return `:gear: Approved by ${state.approvedBy.map((u) => `<@${u}>`).join(', ')}; running, progress in the thread.`;
    case 'closed':
      return state.headline;
  }
}

export function approvalCardView(
  request: RequestFacts,
  plan: Plan,
  state: CardState,
  // The notifier's clock: whether the expiry is past.
  now: Date,
  // A change freeze in force: a pending card says so (by whom, since when, why).
  frozen?: { by: string; since: string; reason: string; unreadable?: boolean },
): SlackMessage {
  const dry = request.dryRun ? '[DRY RUN] ' : '';
  const blocks: Block[] = [
    { type: 'header', text: plain(`${dry}Approval needed: ${plan.title}`, 150) },
    {
      type: 'section',
      text: mrkdwn(
        `Requested by <@${request.requester}>${request.reason ? `: _${escapeMrkdwn(truncate(request.reason, 500))}_` : ' (no reason given)'}`,
      ),
    },
  ];
  if (request.dryRun) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(':test_tube: DRY RUN: the bot plans and asks, but mutating commands are not executed.'),
      ],
    });
  }
  const shown = plan.targets.slice(0, MAX_TARGETS).map((t) => targetLine(typedTarget(plan.procedure, t)));
  if (plan.targets.length > MAX_TARGETS) shown.push(`…and ${plan.targets.length - MAX_TARGETS} more`);
  blocks.push({
    type: 'section',
    text: mrkdwn(`*On what*\n${shown.length > 0 ? shown.join('\n') : 'no machine: the template only'}`),
  });
  blocks.push({ type: 'section', text: mrkdwn(`*What will run*\n${stepsBlock(plan)}`) });
  if (plan.templateSnapshot) blocks.push(snapshotBlock(plan.templateSnapshot));
  if (plan.vmCheck) blocks.push(vmCheckBlock(plan));
  blocks.push(...diffCardBlocks(plan));
  if (plan.risks.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`*Risk*\n${plan.risks.map((r) => `:rotating_light: ${escapeMrkdwn(r)}`).join('\n')}`),
    });
  }
  if (frozen && state.kind === 'pending') blocks.push({ type: 'section', text: mrkdwn(frozenLine(frozen)) });
  blocks.push({ type: 'section', text: mrkdwn(statusLine(request, state, now)) });
  if (state.kind === 'pending') blocks.push(buttons(request, plan, state.approvedBy));
  blocks.push({ type: 'context', elements: [mrkdwn(`Request \`${request.id}\` · ${plan.procedure}`)] });
  return {
    text: `${dry}${escapeMrkdwn(plan.title)}: ${state.kind === 'closed' ? state.headline : 'approval needed'}`,
    blocks,
  };
}

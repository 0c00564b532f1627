import type { LabelFinding } from '../../procedures/diagnostics/check-node-labels.js';
import type { LabelLoopReport } from '../../procedures/diagnostics/diagnose-label-loop.js';
import { ACTION } from '../action-ids.js';
import { type Block, escapeMrkdwn, mrkdwn, plain, type SlackMessage, truncate } from './block-kit.js';

// "workers workers" read as a stutter: the level in words, a machine set by its name.
function levelWords(where: LabelFinding['where']): string {
  if (where.set !== undefined) return `machine set \`${escapeMrkdwn(where.set)}\``;
  return where.level === 'control-plane'
    ? 'control planes'
    : where.level === 'cluster'
      ? 'whole cluster'
      : where.level;
}

// Keys, values, file names and patches come from the template files; keys and evidence of a node
// from its logs: all text, never mrkdwn.
function findingLine(f: LabelFinding): string {
  const where = `${escapeMrkdwn(f.where.file)}:${f.where.line}, patch \`${escapeMrkdwn(f.where.patch)}\` (${levelWords(f.where)}, ${f.where.via})`;
  const instead = f.suggestion
    ? `; use \`${escapeMrkdwn(`${f.suggestion.key}: ${f.suggestion.value}`)}\` instead`
    : '';
  return `• \`${escapeMrkdwn(f.key)}\` at ${where}${instead}`;
}

export function labelLoopView(report: LabelLoopReport, requestedBy: string): SlackMessage {
  // A node whose logs were not read is not cleared: "no node shows the symptom" only when all were.
  const clean =
    report.blockers.length === 0 &&
    report.warnings.length === 0 &&
    report.affected.length === 0 &&
    report.unread.length === 0;
  if (clean) {
    const text = escapeMrkdwn(
      `No NodeRestriction problem in ${report.cluster}: ${report.templatePath} sets no label a kubelet may not set, and no node shows the symptom.`,
    );
    return { text, blocks: [{ type: 'section', text: mrkdwn(`:white_check_mark: ${text}`) }] };
  }
  const blocks: Block[] = [
    { type: 'header', text: plain(`Nodes caught by NodeRestriction in ${report.cluster}`, 150) },
  ];
  if (report.blockers.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*Labels the kubelet may not set* (the API server rejects them: \`is not allowed to modify labels\`)\n${report.blockers.map(findingLine).join('\n')}`,
      ),
    });
  }
  if (report.warnings.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*Applied with admin credentials on control planes (works there, but avoid)*\n${report.warnings.map(findingLine).join('\n')}`,
      ),
    });
  }
  const nodes = report.affected.map(
    (n) =>
      `• *${escapeMrkdwn(n.hostname)}* \`${escapeMrkdwn(n.id)}\` (${n.role === 'controlplane' ? 'control plane' : n.role}): ${escapeMrkdwn(n.evidence.join('; '))}${n.keys.length > 0 ? ` (${escapeMrkdwn(n.keys.join(', '))})` : ''}`,
  );
  blocks.push({
    type: 'section',
    text: mrkdwn(
      `*Nodes showing the symptom*\n${nodes.length > 0 ? nodes.join('\n') : 'none found in the logs read'}`,
    ),
  });
  if (report.unread.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*Partial answer*\n${report.unread.map((n) => `:warning: ${escapeMrkdwn(n)}`).join('\n')}`,
      ),
    });
  }
  if (report.fix.trim()) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*Suggested template change* (apply it in your template repository)\n\`\`\`${truncate(escapeMrkdwn(report.fix), 2700)}\`\`\``,
      ),
    });
  }
  // The fix is refused while the template still sets a forbidden label: no button to press until then.
  if (report.blockers.length > 0) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          `For <@${requestedBy}>. Fix the label${report.blockers.length === 1 ? '' : 's'} above in your template repository, then run \`/omni reboot-loop ${escapeMrkdwn(report.cluster)}\` again: the button to remove the affected nodes and re-sync appears once the template on disk is fixed.`,
        ),
      ],
    });
  } else {
    blocks.push({
      type: 'actions',
      block_id: `labels:${report.cluster}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION.requestLabelFix,
          text: plain('Request: remove nodes and re-sync', 75),
          value: report.cluster,
          style: 'danger',
        },
      ],
    });
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          `For <@${requestedBy}>. The request is refused if removing the nodes would leave etcd without quorum.`,
        ),
      ],
    });
  }
  return {
    text: `NodeRestriction labels in ${escapeMrkdwn(report.cluster)}: ${report.blockers.length} forbidden, ${report.affected.length} nodes affected`,
    blocks,
  };
}

import { formatDuration } from '../../config/parse-duration.js';
import { isClusterName } from '../../omni-model/identifiers.js';
import {
  type AlertCondition,
  type ConditionKind,
  type DiagnoseCommand,
  isDiagnoseCommand,
} from '../../watch/alert-condition.js';
import { ACTION } from '../action-ids.js';
import { type Block, type Button, escapeMrkdwn, mrkdwn, plain, type SlackMessage } from './block-kit.js';
import { slackDate } from './format-time.js';
import { pastTense } from './past-tense.js';

export type AlertContent = { condition: AlertCondition; firstSeen: string };

export const TITLE: Record<ConditionKind, string> = {
  'stuck-teardown': 'Machine stuck tearing down',
  'machine-unreachable': 'Machine unreachable',
  'provider-disconnected': 'Infra provider down',
  'provider-key': 'Infra provider key',
  'cluster-not-ready': 'Cluster not ready',
  'machine-request-failed': 'Machine request failed',
  'node-label-loop': 'Node labels refused (NodeRestriction)',
  'omni-unavailable': 'Omni unavailable to the bot',
  'orphan-vm': 'Orphan VM in Proxmox',
};

export const EMOJI: Record<ConditionKind, string> = {
  'stuck-teardown': ':hourglass:',
  'machine-unreachable': ':electric_plug:',
  'provider-disconnected': ':red_circle:',
  'provider-key': ':key:',
  'cluster-not-ready': ':warning:',
  'machine-request-failed': ':x:',
  'node-label-loop': ':repeat:',
  'omni-unavailable': ':rotating_light:',
  'orphan-vm': ':money_with_wings:',
};

/** The button carries only which read-only report to run and for which cluster, never a command line. */
export function diagnoseButtonValue(command: DiagnoseCommand, cluster?: string): string {
  return `${command}:${cluster ?? ''}`;
}

export function parseDiagnoseValue(
  value: string,
): { command: DiagnoseCommand; cluster?: string } | undefined {
  const parts = value.split(':');
  // Exactly the two parts diagnoseButtonValue makes: a bare `drift` is not one of its values.
  if (parts.length !== 2) return undefined;
  const [command = '', cluster = ''] = parts;
  if (!isDiagnoseCommand(command)) return undefined;
  if (cluster === '') return { command };
  return isClusterName(cluster) ? { command, cluster } : undefined;
}

export function diagnoseButton(condition: AlertCondition): Button {
  return {
    type: 'button',
    action_id: ACTION.diagnose,
    text: plain('Diagnose', 75),
    value: diagnoseButtonValue(condition.diagnose, condition.cluster),
  };
}

function where(condition: AlertCondition): string {
  const hostname = condition.detail.hostname;
  const name = typeof hostname === 'string' ? `${escapeMrkdwn(hostname)} ` : '';
  const cluster = condition.cluster ? ` in *${escapeMrkdwn(condition.cluster)}*` : '';
  return `${name}\`${escapeMrkdwn(condition.resource)}\`${cluster}`;
}

function hints(condition: AlertCondition): Block[] {
  const list = condition.detail.hints;
  if (!Array.isArray(list) || list.length === 0) return [];
  return [{ type: 'section', text: mrkdwn(list.map((h) => `:bulb: ${escapeMrkdwn(String(h))}`).join('\n')) }];
}

function facts(alert: AlertContent): Block {
  const { condition } = alert;
  return {
    type: 'section',
    text: mrkdwn(escapeMrkdwn(condition.summary)),
    fields: [
      mrkdwn(`*What*\n${TITLE[condition.condition]}`),
      mrkdwn(`*Where*\n${where(condition)}`),
      mrkdwn(`*Since*\n${slackDate(condition.since ?? alert.firstSeen)}`),
    ],
  };
}

// One subject in several conditions: each condition on a line of its own, the subject once.
function subjectFacts(alerts: readonly AlertContent[]): Block[] {
  const first = alerts[0]!;
  return [
    {
      type: 'section',
      text: mrkdwn(
        alerts
          .map(
            ({ condition, firstSeen }) =>
              `${EMOJI[condition.condition]} *${TITLE[condition.condition]}* (since ${slackDate(condition.since ?? firstSeen)}): ${escapeMrkdwn(condition.summary)}`,
          )
          .join('\n'),
      ),
    },
    { type: 'section', fields: [mrkdwn(`*Where*\n${where(first.condition)}`)] },
  ];
}

function asList(content: AlertContent | readonly AlertContent[]): readonly AlertContent[] {
  return 'condition' in content ? [content] : content;
}

function subjectName(condition: AlertCondition): string {
  const hostname = condition.detail.hostname;
  return typeof hostname === 'string' ? hostname : condition.resource;
}

function titles(alerts: readonly AlertContent[]): string {
  return alerts.map((a) => TITLE[a.condition.condition]).join(' · ');
}

// One button per report: two conditions of one machine usually share the same read-only report.
function diagnoseButtons(alerts: readonly AlertContent[]): Button[] {
  const buttons = new Map<string, Button>();
  for (const { condition } of alerts) {
    const button = diagnoseButton(condition);
    if (!buttons.has(button.value ?? '')) buttons.set(button.value ?? '', button);
  }
  return [...buttons.values()].slice(0, 5);
}

function allHints(alerts: readonly AlertContent[]): Block[] {
  const seen = new Set<string>();
  for (const { condition } of alerts) {
    const list = condition.detail.hints;
    if (Array.isArray(list)) for (const hint of list) seen.add(String(hint));
  }
  return seen.size === 0
    ? []
    : [{ type: 'section', text: mrkdwn([...seen].map((h) => `:bulb: ${escapeMrkdwn(h)}`).join('\n')) }];
}

/**
 * The alert as first posted (and as redrawn while it is open): what, where, since when, and a
 * Diagnose button. Several conditions of one subject are listed in one message.
 */
export function alertView(content: AlertContent | readonly AlertContent[]): SlackMessage {
  const alerts = asList(content);
  const context: Block = {
    type: 'context',
    elements: [mrkdwn('Changes are posted in the thread; this message is edited when it clears.')],
  };
  if (alerts.length === 1) {
    const alert = alerts[0]!;
    const { condition } = alert;
    return {
      text: `${TITLE[condition.condition]}: ${escapeMrkdwn(condition.summary)}`,
      blocks: [
        { type: 'header', text: plain(`${EMOJI[condition.condition]} ${TITLE[condition.condition]}`, 150) },
        facts(alert),
        ...hints(condition),
        { type: 'actions', block_id: 'alert.actions', elements: [diagnoseButton(condition)] },
        context,
      ],
    };
  }
  const name = subjectName(alerts[0]!.condition);
  return {
    text: `${titles(alerts)}: ${escapeMrkdwn(name)}: ${alerts.map((a) => escapeMrkdwn(a.condition.summary)).join('; ')}`,
    blocks: [
      { type: 'header', text: plain(`:rotating_light: ${alerts.length} problems: ${name}`, 150) },
      ...subjectFacts(alerts),
      ...allHints(alerts),
      { type: 'actions', block_id: 'alert.actions', elements: diagnoseButtons(alerts) },
      context,
    ],
  };
}

/** The same message once its last condition cleared. */
export function resolvedAlertView(
  content: AlertContent | readonly AlertContent[],
  resolution: { at: string; durationMs: number },
): SlackMessage {
  // What was wrong, in the past tense: the condition has cleared.
  const alerts = asList(content).map((a) => ({
    ...a,
    condition: { ...a.condition, summary: pastTense(a.condition.summary) },
  }));
  const after = formatDuration(resolution.durationMs);
  const resolved: Block = {
    type: 'context',
    elements: [mrkdwn(`Resolved after ${after}, ${slackDate(resolution.at)}.`)],
  };
  if (alerts.length === 1) {
    const alert = alerts[0]!;
    const { condition } = alert;
    return {
      text: `Resolved after ${after}: ${TITLE[condition.condition]}: ${escapeMrkdwn(condition.summary)}`,
      blocks: [
        { type: 'header', text: plain(`:white_check_mark: Resolved: ${TITLE[condition.condition]}`, 150) },
        facts(alert),
        resolved,
      ],
    };
  }
  const name = subjectName(alerts[0]!.condition);
  return {
    text: `Resolved after ${after}: ${titles(alerts)}: ${escapeMrkdwn(name)}`,
    blocks: [
      { type: 'header', text: plain(`:white_check_mark: Resolved: ${name}`, 150) },
      ...subjectFacts(alerts),
      resolved,
    ],
  };
}

/** In the subject's thread: conditions that appeared and cleared while its message was up. */
export function alertSubjectChangeNoteView(
  joined: readonly AlertContent[],
  cleared: readonly { condition: AlertCondition; durationMs: number }[],
): SlackMessage {
  const lines = [
    ...joined.map(({ condition }) => `Now also: ${TITLE[condition.condition]}: ${condition.summary}`),
    ...cleared.map(
      ({ condition, durationMs }) =>
        `Cleared after ${formatDuration(durationMs)}: ${TITLE[condition.condition]}: ${condition.summary}`,
    ),
  ];
  const marks = [...joined.map(() => ':warning:'), ...cleared.map(() => ':white_check_mark:')];
  return {
    text: lines.map((line) => escapeMrkdwn(line)).join('\n'),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(lines.map((line, i) => `${marks[i]} ${escapeMrkdwn(line)}`).join('\n')),
      },
    ],
  };
}

export function alertChangeNoteView(condition: AlertCondition, previousSummary: string): SlackMessage {
  const text = `Changed: ${escapeMrkdwn(condition.summary)}`;
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`:arrows_counterclockwise: ${text}`) },
      { type: 'context', elements: [mrkdwn(`Was: ${escapeMrkdwn(previousSummary)}`)] },
    ],
  };
}

export function alertResolvedNoteView(durationMs: number): SlackMessage {
  const text = `Resolved after ${formatDuration(durationMs)}.`;
  return { text, blocks: [{ type: 'section', text: mrkdwn(`:white_check_mark: ${text}`) }] };
}

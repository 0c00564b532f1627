import { formatDuration } from '../../config/parse-duration.js';
import { isClusterName } from '../../procedures/identifiers.js';
import {
  type AlertCondition,
  type ConditionKind,
  type DiagnoseCommand,
  isDiagnoseCommand,
} from '../../watch/alert-condition.js';
import type { DigestEntry } from '../../watch/plan-alerts.js';
import { ACTION } from '../action-ids.js';
import { type Block, type Button, escapeMrkdwn, mrkdwn, plain, type SlackMessage } from './block-kit.js';
import { slackDate } from './format-time.js';

export type AlertContent = { condition: AlertCondition; firstSeen: string };

const TITLE: Record<ConditionKind, string> = {
  'stuck-teardown': 'Machine stuck tearing down',
  'machine-unreachable': 'Machine unreachable',
  'provider-disconnected': 'Infra provider down',
  'provider-key': 'Infra provider key',
  'cluster-not-ready': 'Cluster not ready',
  'machine-request-failed': 'Machine request failed',
  'node-label-loop': 'Node labels refused (NodeRestriction)',
  'omni-unavailable': 'Omni unavailable to the bot',
};

const EMOJI: Record<ConditionKind, string> = {
  'stuck-teardown': ':hourglass:',
  'machine-unreachable': ':electric_plug:',
  'provider-disconnected': ':red_circle:',
  'provider-key': ':key:',
  'cluster-not-ready': ':warning:',
  'machine-request-failed': ':x:',
  'node-label-loop': ':repeat:',
  'omni-unavailable': ':rotating_light:',
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

function diagnoseButton(condition: AlertCondition): Button {
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

/** The alert as first posted: what, where, since when, and a Diagnose button. */
export function alertView(alert: AlertContent): SlackMessage {
  const { condition } = alert;
  return {
    text: `${TITLE[condition.condition]}: ${escapeMrkdwn(condition.summary)}`,
    blocks: [
      { type: 'header', text: plain(`${EMOJI[condition.condition]} ${TITLE[condition.condition]}`, 150) },
      facts(alert),
      ...hints(condition),
      { type: 'actions', block_id: 'alert.actions', elements: [diagnoseButton(condition)] },
      {
        type: 'context',
        elements: [mrkdwn('Changes are posted in the thread; this message is edited when it clears.')],
      },
    ],
  };
}

/** The same message once the condition cleared. */
export function resolvedAlertView(
  alert: AlertContent,
  resolution: { at: string; durationMs: number },
): SlackMessage {
  const { condition } = alert;
  const after = formatDuration(resolution.durationMs);
  return {
    text: `Resolved after ${after}: ${TITLE[condition.condition]}: ${escapeMrkdwn(condition.summary)}`,
    blocks: [
      { type: 'header', text: plain(`:white_check_mark: Resolved: ${TITLE[condition.condition]}`, 150) },
      facts(alert),
      { type: 'context', elements: [mrkdwn(`Resolved after ${after}, ${slackDate(resolution.at)}.`)] },
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

// Sections in a digest: the rest of Slack's 50 blocks go to the header, context and overflow line.
const DIGEST_MAX = 45;

function digestLine(entry: DigestEntry): Block {
  const { condition } = entry;
  const since = condition.since ? ` (since ${slackDate(condition.since)})` : '';
  const head = `${EMOJI[condition.condition]} *${TITLE[condition.condition]}*: ${escapeMrkdwn(condition.summary)}${since}`;
  if (entry.status === 'resolved') {
    const after = entry.durationMs === undefined ? '' : ` after ${formatDuration(entry.durationMs)}`;
    return {
      type: 'section',
      text: mrkdwn(
        `:white_check_mark: ~${TITLE[condition.condition]}~ resolved${after}: ${escapeMrkdwn(condition.summary)}`,
      ),
    };
  }
  return { type: 'section', text: mrkdwn(head), accessory: diagnoseButton(condition) };
}

/** Many conditions at once: one message listing them, redrawn as each one clears. */
export function alertDigestView(entries: readonly DigestEntry[]): SlackMessage {
  const open = entries.filter((e) => e.status === 'open').length;
  const shown = entries.slice(0, DIGEST_MAX);
  const more = entries.length - shown.length;
  const text = `${entries.length} problems found at once in the fleet (${open} still open)`;
  return {
    text,
    blocks: [
      { type: 'header', text: plain(`:rotating_light: ${entries.length} problems found at once`, 150) },
      {
        type: 'context',
        elements: [mrkdwn(`${open} still open · changes go in the thread · redrawn as each one clears`)],
      },
      ...shown.map(digestLine),
      ...(more > 0 ? [{ type: 'context' as const, elements: [mrkdwn(`… and ${more} more`)] }] : []),
    ],
  };
}

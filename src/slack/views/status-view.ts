import type { ClusterLine, StatusSummary } from '../../procedures/diagnostics/summarise-status.js';
import type { Freeze } from '../../recovery/freeze/freeze-state.js';
import { type Block, escapeMrkdwn, mrkdwn, plain, type SlackMessage, truncate } from './block-kit.js';
import { slackDate } from './format-time.js';
import { frozenLine } from './freeze-view.js';

// Lines per list before "and N more": the whole message stays far below Slack's 50 blocks.
const MAX_CLUSTERS = 20;
const MAX_ALERTS = 15;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function more(total: number, shown: number): string {
  return total > shown ? `\n… and ${total - shown} more` : '';
}

function clusterLine(c: ClusterLine): string {
  const mark = c.ready ? ':large_green_circle:' : ':red_circle:';
  const requested = c.requested !== c.total ? ` (${c.requested} requested)` : '';
  return `${mark} *${escapeMrkdwn(c.name)}* ${escapeMrkdwn(c.phase)}${c.ready ? ', ready' : ', not ready'}: ${c.healthy}/${c.total} machines ready${requested}`;
}

function providerLine(p: StatusSummary['provider']): string {
  if (p.stateUnknown) return `:grey_question: *${escapeMrkdwn(p.id)}*: its state could not be read`;
  if (!p.found) return `:grey_question: *${escapeMrkdwn(p.id)}* is unknown to Omni`;
  const state = p.connected ? ':large_green_circle: connected' : ':red_circle: disconnected';
  const beat = p.lastHeartbeat ? `, last heartbeat ${slackDate(p.lastHeartbeat)}` : '';
  const key =
    p.keyProblem === undefined
      ? ''
      : `, key ${p.keyProblem}${p.keyExpiresAt ? ` (${slackDate(p.keyExpiresAt)})` : ''}`;
  return `*${escapeMrkdwn(p.id)}* ${state}${beat}${key}`;
}

function machinesLine(s: StatusSummary): string {
  if (s.machineCount === 0) return 'No machines in a cluster.';
  const stages = s.byStage.map((b) => `${escapeMrkdwn(b.stage)} ${b.count}`).join(' · ');
  const trouble = [
    s.unreachable > 0 ? `${s.unreachable} unreachable` : '',
    s.stuckTearingDown > 0 ? `${s.stuckTearingDown} stuck tearing down` : '',
  ].filter(Boolean);
  return `${s.machineCount} machines: ${stages}${trouble.length > 0 ? `\n:warning: ${trouble.join(', ')}` : ''}`;
}

function alertsLine(s: StatusSummary): string {
  if (s.alerts.length === 0) return ':white_check_mark: No open alerts.';
  const lines = s.alerts
    .slice(0, MAX_ALERTS)
    .map(
      (a) =>
        `• ${escapeMrkdwn(truncate(a.summary, 200))}${a.openedAt ? ` (since ${slackDate(a.openedAt)})` : ''}`,
    );
  return `${lines.join('\n')}${more(s.alerts.length, MAX_ALERTS)}`;
}

/** `/omni status [cluster]`: clusters, machines by stage, the provider, and the open alerts. */
export function statusView(s: StatusSummary, frozen?: Freeze): SlackMessage {
  const title = s.cluster ? `Status of ${s.cluster}` : 'Fleet status';
  const clusters = s.clustersUnknown
    ? ':grey_question: Could not be read (see below).'
    : s.clusters.length === 0
      ? 'No clusters.'
      : s.clusters.slice(0, MAX_CLUSTERS).map(clusterLine).join('\n') + more(s.clusters.length, MAX_CLUSTERS);
  const notReady = s.clusters.filter((c) => !c.ready).length;
  const blocks: Block[] = [
    { type: 'header', text: plain(title, 150) },
    ...(frozen ? [{ type: 'section' as const, text: mrkdwn(frozenLine(frozen)) }] : []),
    { type: 'section', text: mrkdwn(`*Clusters*\n${clusters}`) },
    { type: 'section', text: mrkdwn(`*Machines*\n${machinesLine(s)}`) },
    { type: 'section', text: mrkdwn(`*Infra provider*\n${providerLine(s.provider)}`) },
    ...(s.proxmox
      ? [
          {
            type: 'section' as const,
            text: mrkdwn(
              `*Proxmox*\n${s.proxmox.reachable ? `:large_green_circle: reachable, ${s.proxmox.vmCount} VMs and containers` : `:grey_question: ${escapeMrkdwn(s.proxmox.note)}`}`,
            ),
          },
        ]
      : []),
    { type: 'section', text: mrkdwn(`*Open alerts (${s.alerts.length})*\n${alertsLine(s)}`) },
    ...(s.unread.length > 0
      ? [
          {
            type: 'section' as const,
            text: mrkdwn(
              `*Partial answer*\n${s.unread.map((n) => `:warning: ${escapeMrkdwn(n)}`).join('\n')}`,
            ),
          },
        ]
      : []),
    { type: 'context', elements: [mrkdwn(`Checked ${slackDate(s.checkedAt)}`)] },
  ];
  const text = `${escapeMrkdwn(title)}: ${plural(s.clusters.length, 'cluster')} (${notReady} not ready), ${plural(s.machineCount, 'machine')}, provider ${s.provider.connected ? 'connected' : 'not connected'}, ${plural(s.alerts.length, 'open alert')}`;
  return { text, blocks };
}

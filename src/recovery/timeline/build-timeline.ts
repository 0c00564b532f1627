import { formatDuration } from '../../config/parse-duration.js';
import type { AlertRecord } from '../../store/alert-store.js';
import type { AuditEntry, RequestRecord, RunRecord, StepRecord } from '../../store/records.js';

// Everything a timeline is made of, read by the caller; the builder does no IO and reads no clock.
export type TimelineRecords = {
  title: string;
  generatedAt: string;
  requests: readonly RequestRecord[];
  // Audit lines of those requests and their runs, and freezes in the window.
  audit: readonly AuditEntry[];
  runs: readonly { run: RunRecord; steps: readonly StepRecord[] }[];
  alerts: readonly AlertRecord[];
  // Only events at or after this time are kept (a cluster's window); absent: everything given.
  since?: string;
  // Removes secrets from any text taken from a record (output tails, reasons, verdicts).
  scrub: (text: string) => string;
};

type Event = { at: string; order: number; text: string; detail?: string };

// The audit actions the timeline shows, in words; the rest (step.finished: the steps table says
// more) are left out.
function auditLine(entry: AuditEntry): string | undefined {
  const d = entry.detail;
  const str = (key: string) => (typeof d[key] === 'string' ? String(d[key]) : '');
  switch (entry.action) {
    case 'request.created':
      return undefined;
    case 'request.approval':
      return `Approval by ${entry.actor} (${String(d.approvals ?? '?')} of ${String(d.needed ?? '?')})`;
    case 'request.approved':
      return `Approved by ${entry.actor}; run \`${entry.runId ?? '?'}\` created`;
    case 'request.rejected':
      return `Rejected by ${entry.actor}${str('note') ? `: ${str('note')}` : ''}`;
    case 'request.refused':
      return `Refused: ${str('reason') || 'see the audit log'}`;
    case 'request.expired':
      return 'Expired without a decision';
    case 'request.override':
      return `Remove anyway pressed by ${entry.actor}: ${str('reason')}`;
    case 'run.started':
      return `Run \`${entry.runId ?? '?'}\` started${d.dryRun === true ? ' (dry run)' : ''}`;
    case 'run.finished':
      return `Run \`${entry.runId ?? '?'}\` ${str('status')}: ${str('verdict')}`;
    case 'run.cancel':
      return `Cancel pressed by ${entry.actor}`;
    case 'run.interrupted':
      return 'Run interrupted (the bot stopped during it)';
    case 'run.taken-over':
      return `Run \`${entry.runId ?? '?'}\` taken over by replica ${str('by')}: replica ${str('deadReplica')} stopped answering (last heartbeat ${str('lastHeartbeat')})`;
    case 'run.resume':
      return `Resume pressed by ${entry.actor}`;
    case 'freeze':
      return `Changes frozen by ${entry.actor}: ${str('reason')}`;
    case 'unfreeze':
      return `Changes unfrozen by ${entry.actor} (frozen by ${str('frozenBy')} since ${str('since')})`;
    case 'step.finished':
      return undefined;
    default:
      return `${entry.action} by ${entry.actor}`;
  }
}

// A fence longer than any run of backticks in the text, so output cannot close it.
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${text.replace(/\n+$/, '')}\n${fence}`;
}

function stepEvents(steps: readonly StepRecord[], scrub: (text: string) => string): Event[] {
  return steps.map((step) => {
    const at = step.startedAt ?? step.finishedAt ?? '';
    const ms =
      step.startedAt && step.finishedAt
        ? Date.parse(step.finishedAt) - Date.parse(step.startedAt)
        : undefined;
    const exit = step.exitCode === null ? 'no exit code' : `exit code ${step.exitCode}`;
    const took = ms === undefined ? 'unfinished' : formatDuration(ms);
    const lines = [`Command: \`${scrub(step.command)}\``];
    if (step.outputTail) lines.push(`Output (tail):\n\n${fenced(scrub(step.outputTail))}`);
    return {
      at,
      order: 2,
      text: `Step ${step.idx + 1}: ${scrub(step.title)}, ${step.status}, ${exit}, ${took}`,
      detail: lines.join('\n\n'),
    };
  });
}

function alertEvents(alert: AlertRecord, scrub: (text: string) => string): Event[] {
  const what = `${alert.condition} on ${alert.resource}: ${scrub(alert.summary)}`;
  const events: Event[] = [{ at: alert.firstSeen, order: 3, text: `Watcher saw ${what}` }];
  if (alert.openedAt) events.push({ at: alert.openedAt, order: 3, text: `Watcher alert opened: ${what}` });
  if (alert.resolvedAt)
    events.push({
      at: alert.resolvedAt,
      order: 3,
      text: `Watcher alert resolved: ${alert.condition} on ${alert.resource}`,
    });
  return events;
}

function utc(iso: string): string {
  return Number.isNaN(Date.parse(iso))
    ? iso
    : `${new Date(iso).toISOString().replace('T', ' ').replace('.000Z', 'Z')}`;
}

function offset(ms: number): string {
  return `+${formatDuration(Math.max(0, ms))}`;
}

/**
 * The Markdown a post-mortem needs: every event in time order, each in UTC and relative to the
 * first, with each step's command, exit code, duration and output tail.
 */
export function buildTimeline(records: TimelineRecords): string {
  const { scrub } = records;
  const events: Event[] = [];
  for (const request of records.requests) {
    const plan = request.plan as { title?: unknown } | null;
    const title = typeof plan?.title === 'string' ? plan.title : request.procedure;
    events.push({
      at: request.createdAt,
      order: 0,
      text: `Request \`${request.id}\` by ${request.requester}: ${scrub(title)}${request.dryRun ? ' (dry run)' : ''}${request.reason ? `; reason: ${scrub(request.reason)}` : ''}`,
    });
  }
  for (const entry of records.audit) {
    const line = auditLine(entry);
    if (line !== undefined)
      events.push({ at: entry.at, order: entry.action === 'run.finished' ? 4 : 1, text: scrub(line) });
  }
  for (const { steps } of records.runs) events.push(...stepEvents(steps, scrub));
  for (const alert of records.alerts) events.push(...alertEvents(alert, scrub));
  const since = records.since ? Date.parse(records.since) : undefined;
  const kept = events
    .filter((e) => e.at && (since === undefined || Date.parse(e.at) >= since))
    // Stable: same-second events keep their kind's order (request, decisions, steps, alerts, outcome).
    .map((e, i) => ({ e, i }))
    .sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.e.order - b.e.order || a.i - b.i)
    .map(({ e }) => e);
  const lines = [`# Timeline: ${scrub(records.title)}`, ''];
  lines.push(`Generated ${utc(records.generatedAt)}. All times are UTC; +duration is from the first event.`);
  if (records.since) lines.push(`Window: from ${utc(records.since)}.`);
  lines.push('');
  if (kept.length === 0) {
    lines.push('Nothing recorded in this window.');
    return `${lines.join('\n')}\n`;
  }
  const first = Date.parse(kept[0]!.at);
  for (const event of kept) {
    lines.push(`- **${utc(event.at)}** (${offset(Date.parse(event.at) - first)}) ${event.text}`);
    if (event.detail) lines.push('', ...event.detail.split('\n').map((l) => (l ? `  ${l}` : '')), '');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What to tell the incident channel, given what holds now and what it was already told: a
 * condition alerts once, after it held for its grace period (flaps stay silent); while it
 * persists, only a change is threaded under the first message; when it clears, that message is
 * edited to resolved. Many alerts at once become one digest. Pure: the time is an argument.
 */
import type { AlertRecord } from '../store/alert-store.js';
import {
  type AlertCondition,
  CONDITION_KINDS,
  type ConditionKind,
  type DiagnoseCommand,
  fingerprintOf,
} from './alert-condition.js';

export type Opening = { condition: AlertCondition; firstSeen: string };
export type DigestEntry = { condition: AlertCondition; status: 'open' | 'resolved'; durationMs?: number };

export type AlertAction =
  | { kind: 'open'; condition: AlertCondition; firstSeen: string }
  | { kind: 'open-digest'; alerts: Opening[] }
  | { kind: 'note'; alert: AlertRecord; condition: AlertCondition }
  | { kind: 'track'; condition: AlertCondition; firstSeen: string }
  | { kind: 'resolve'; alert: AlertRecord; durationMs: number }
  | { kind: 'forget'; fingerprint: string }
  | { kind: 'update-digest'; channel: string; ts: string; entries: DigestEntry[] };

export type PlanAlertsInput = {
  conditions: readonly AlertCondition[];
  /** Pending and open alerts, and the resolved members of digests that still have open ones. */
  alerts: readonly AlertRecord[];
  now: Date;
  graceMs: number;
  digestThreshold: number;
  /** Kinds this poll could see (default all): an alert of another kind is left as it is. */
  observed?: readonly ConditionKind[];
};

export function conditionOf(alert: AlertRecord): AlertCondition {
  return {
    condition: alert.condition as ConditionKind,
    resource: alert.resource,
    ...(alert.cluster === null ? {} : { cluster: alert.cluster }),
    summary: alert.summary,
    ...(alert.since === null ? {} : { since: alert.since }),
    detail: alert.detail,
    diagnose: alert.diagnose as DiagnoseCommand,
  };
}

/** How long a condition has held: since Omni says it began, or since the watcher first saw it. */
export function heldForMs(now: Date, firstSeen: string, since: string | null | undefined): number {
  const seen = Date.parse(firstSeen);
  const began = since ? Date.parse(since) : Number.NaN;
  const start = Number.isNaN(began) ? seen : Math.min(seen, began);
  return Math.max(0, now.getTime() - start);
}

export function planAlerts(input: PlanAlertsInput): AlertAction[] {
  const { now, graceMs } = input;
  const at = now.toISOString();
  const observed = new Set<string>(input.observed ?? CONDITION_KINDS);
  const active = input.alerts.filter((a) => a.status !== 'resolved');
  const known = new Map(active.map((a) => [a.fingerprint, a]));
  const current = new Map<string, AlertCondition>();
  for (const condition of input.conditions) {
    const fingerprint = fingerprintOf(condition);
    if (!current.has(fingerprint)) current.set(fingerprint, condition);
  }

  const openings: Opening[] = [];
  const notes: AlertAction[] = [];
  const tracks: AlertAction[] = [];
  for (const [fingerprint, condition] of current) {
    const alert = known.get(fingerprint);
    const firstSeen = alert?.firstSeen ?? at;
    if (alert?.status === 'open') {
      // An alert Slack never took (post failed, or the bot stopped in between) is posted again.
      if (alert.messageTs === null) openings.push({ condition, firstSeen });
      else if (alert.summary !== condition.summary) notes.push({ kind: 'note', alert, condition });
      continue;
    }
    if (heldForMs(now, firstSeen, condition.since) >= (condition.holdMs ?? graceMs))
      openings.push({ condition, firstSeen });
    else if (!alert) tracks.push({ kind: 'track', condition, firstSeen });
  }

  const resolves: AlertAction[] = [];
  const forgets: AlertAction[] = [];
  const resolvedNow = new Map<string, number>();
  for (const alert of active) {
    if (current.has(alert.fingerprint) || !observed.has(alert.condition)) continue;
    if (alert.status === 'pending' || alert.messageTs === null) {
      forgets.push({ kind: 'forget', fingerprint: alert.fingerprint });
      continue;
    }
    const durationMs = heldForMs(now, alert.firstSeen, alert.since);
    resolvedNow.set(alert.fingerprint, durationMs);
    resolves.push({ kind: 'resolve', alert, durationMs });
  }

  const opens: AlertAction[] =
    openings.length > input.digestThreshold
      ? [{ kind: 'open-digest', alerts: openings }]
      : openings.map((o) => ({ kind: 'open', ...o }));
  return [
    ...opens,
    ...notes,
    ...tracks,
    ...resolves,
    ...forgets,
    ...digestUpdates(input.alerts, resolvedNow),
  ];
}

// A digest cannot say "resolved" for all its alerts at once: it is redrawn with each one's state.
function digestUpdates(
  alerts: readonly AlertRecord[],
  resolvedNow: ReadonlyMap<string, number>,
): AlertAction[] {
  const touched = new Map<string, string>();
  for (const alert of alerts) {
    if (alert.digest && alert.messageTs && alert.channel && resolvedNow.has(alert.fingerprint))
      touched.set(alert.messageTs, alert.channel);
  }
  return [...touched].map(([ts, channel]) => ({
    kind: 'update-digest',
    channel,
    ts,
    entries: alerts
      .filter((a) => a.digest && a.messageTs === ts)
      .map((a): DigestEntry => {
        const durationMs = resolvedNow.get(a.fingerprint);
        if (durationMs !== undefined) return { condition: conditionOf(a), status: 'resolved', durationMs };
        if (a.status === 'resolved' && a.resolvedAt)
          return {
            condition: conditionOf(a),
            status: 'resolved',
            durationMs: heldForMs(new Date(a.resolvedAt), a.firstSeen, a.since),
          };
        return { condition: conditionOf(a), status: 'open' };
      }),
  }));
}

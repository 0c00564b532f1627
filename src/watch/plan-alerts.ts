/**
 * What to tell the incident channel, given what holds now and what it was already told. Alerts
 * are about a subject (a machine, a cluster, the provider, Omni access): one top-level message
 * per subject lists every condition it is in. A condition alerts after it held for its grace
 * period (flaps stay silent); one that appears or clears while its subject's message is up goes
 * into that message's thread and the message is redrawn; a change of wording is threaded; the
 * message is edited to resolved when its last condition clears. Many subjects at once become one
 * digest, redrawn the same way. Pure: the time is an argument.
 */
import type { AlertRecord } from '../store/alert-store.js';
import {
  type AlertCondition,
  CONDITION_KINDS,
  type ConditionKind,
  type DiagnoseCommand,
  fingerprintOf,
  subjectOf,
} from './alert-condition.js';

export type Opening = { condition: AlertCondition; firstSeen: string };
export type Clearing = { alert: AlertRecord; durationMs: number };
export type DigestEntry = { condition: AlertCondition; status: 'open' | 'resolved'; durationMs?: number };
/** A top-level message already in the channel: one subject's alert, or a digest. */
export type AlertMessage = { channel: string; ts: string; digest: boolean };

export type AlertAction =
  /** A new message about one subject, listing each of its conditions. */
  | { kind: 'open'; alerts: Opening[] }
  /** One message for several subjects at once. */
  | { kind: 'open-digest'; alerts: Opening[] }
  | { kind: 'note'; alert: AlertRecord; condition: AlertCondition }
  /** Conditions of a subject whose message is up appeared or cleared: thread it, redraw the message. */
  | {
      kind: 'change';
      message: AlertMessage;
      joined: Opening[];
      cleared: Clearing[];
      /** What the subject's message lists afterwards, oldest first. */
      current: Opening[];
    }
  | { kind: 'track'; condition: AlertCondition; firstSeen: string }
  /** The last conditions of a message cleared: edited to resolved. */
  | { kind: 'resolve'; message: AlertMessage; alerts: AlertRecord[]; durationMs: number }
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

type Posted = AlertRecord & { channel: string; messageTs: string };

const isPosted = (alert: AlertRecord): alert is Posted =>
  alert.status === 'open' && alert.channel !== null && alert.messageTs !== null;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
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
  // Present but not yet held long enough; `isNew`: not stored yet (tracked from now).
  const waiting: (Opening & { isNew: boolean })[] = [];
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
    else waiting.push({ condition, firstSeen, isNew: !alert });
  }

  const clearings = new Map<string, Clearing>();
  const forgets: AlertAction[] = [];
  for (const alert of active) {
    if (current.has(alert.fingerprint) || !observed.has(alert.condition)) continue;
    if (alert.status === 'pending' || alert.messageTs === null) {
      forgets.push({ kind: 'forget', fingerprint: alert.fingerprint });
      continue;
    }
    clearings.set(alert.fingerprint, { alert, durationMs: heldForMs(now, alert.firstSeen, alert.since) });
  }

  // The messages in the channel, by subject; alerts stored before subjects existed may have one
  // message per condition: each keeps its own, and a newcomer joins the subject's first one.
  const messages = groupBy(active.filter(isPosted), (a) => `${subjectOf(a)}\n${a.messageTs}`);
  const firstMessageOf = new Map<string, string>();
  for (const [key, alerts] of messages) {
    const subject = subjectOf(alerts[0]!);
    const opened = alerts.map((a) => a.openedAt ?? a.firstSeen).sort()[0]!;
    const before = firstMessageOf.get(subject);
    const beforeOpened = before
      ? messages
          .get(before)!
          .map((a) => a.openedAt ?? a.firstSeen)
          .sort()[0]!
      : undefined;
    if (beforeOpened === undefined || opened < beforeOpened) firstMessageOf.set(subject, key);
  }
  const joining = groupBy(
    openings.filter((o) => firstMessageOf.has(subjectOf(o.condition))),
    (o) => firstMessageOf.get(subjectOf(o.condition))!,
  );

  const changes: AlertAction[] = [];
  const resolves: AlertAction[] = [];
  for (const [key, alerts] of messages) {
    const joined = joining.get(key) ?? [];
    const cleared = alerts.flatMap((a) => {
      const clearing = clearings.get(a.fingerprint);
      return clearing ? [clearing] : [];
    });
    if (joined.length === 0 && cleared.length === 0) continue;
    const first = alerts[0]!;
    const message = { channel: first.channel, ts: first.messageTs, digest: first.digest };
    const staying = alerts.filter((a) => !clearings.has(a.fingerprint));
    if (staying.length === 0 && joined.length === 0) {
      const durationMs = Math.max(...cleared.map((c) => c.durationMs));
      resolves.push({ kind: 'resolve', message, alerts: cleared.map((c) => c.alert), durationMs });
      continue;
    }
    const stayingOpenings = staying.map((a) => ({
      condition: current.get(a.fingerprint) ?? conditionOf(a),
      firstSeen: a.firstSeen,
    }));
    changes.push({ kind: 'change', message, joined, cleared, current: [...stayingOpenings, ...joined] });
  }

  const fresh = groupBy(
    openings.filter((o) => !firstMessageOf.has(subjectOf(o.condition))),
    (o) => subjectOf(o.condition),
  );
  // A subject alerting now is announced with every condition it is in; only a subject already
  // up waits out a newcomer's grace period (a flapping second condition stays out of its thread).
  const tracks: AlertAction[] = [];
  for (const { isNew, ...opening } of waiting) {
    const group = fresh.get(subjectOf(opening.condition));
    if (group) group.push(opening);
    else if (isNew) tracks.push({ kind: 'track', ...opening });
  }
  const opens: AlertAction[] =
    fresh.size > input.digestThreshold
      ? [{ kind: 'open-digest', alerts: [...fresh.values()].flat() }]
      : [...fresh.values()].map((alerts) => ({ kind: 'open', alerts }));
  return [
    ...opens,
    ...notes,
    ...changes,
    ...tracks,
    ...resolves,
    ...forgets,
    ...digestUpdates(input.alerts, clearings, joining),
  ];
}

// A digest cannot say "resolved" for all its alerts at once: it is redrawn with each one's state.
function digestUpdates(
  alerts: readonly AlertRecord[],
  clearings: ReadonlyMap<string, Clearing>,
  joining: ReadonlyMap<string, Opening[]>,
): AlertAction[] {
  const touched = new Map<string, string>();
  for (const alert of alerts) {
    if (!alert.digest || !alert.messageTs || !alert.channel) continue;
    const joins = joining.get(`${subjectOf(alert)}\n${alert.messageTs}`);
    if (clearings.has(alert.fingerprint) || (joins && joins.length > 0))
      touched.set(alert.messageTs, alert.channel);
  }
  const joinedTo = (ts: string) =>
    [...joining].filter(([key]) => key.endsWith(`\n${ts}`)).flatMap(([, openings]) => openings);
  return [...touched].map(([ts, channel]) => ({
    kind: 'update-digest',
    channel,
    ts,
    entries: [
      ...alerts
        .filter((a) => a.digest && a.messageTs === ts)
        .map((a): DigestEntry => {
          const durationMs = clearings.get(a.fingerprint)?.durationMs;
          if (durationMs !== undefined) return { condition: conditionOf(a), status: 'resolved', durationMs };
          if (a.status === 'resolved' && a.resolvedAt)
            return {
              condition: conditionOf(a),
              status: 'resolved',
              durationMs: heldForMs(new Date(a.resolvedAt), a.firstSeen, a.since),
            };
          return { condition: conditionOf(a), status: 'open' };
        }),
      ...joinedTo(ts).map((o): DigestEntry => ({ condition: o.condition, status: 'open' })),
    ],
  }));
}

import type { Logger } from 'pino';
import type { AlertFacts } from '../store/alert-store.js';
import type { Store } from '../store/create-store.js';
import { type AlertCondition, fingerprintOf } from './alert-condition.js';
import type { AlertNotifier } from './alert-notice.js';
import { type AlertAction, conditionOf, type Opening } from './plan-alerts.js';

type ApplyDeps = {
  alerts: Store['alerts'];
  notifier: AlertNotifier;
  channel: string;
  logger: Logger;
};

export function factsOf(condition: AlertCondition): AlertFacts {
  return {
    fingerprint: fingerprintOf(condition),
    condition: condition.condition,
    resource: condition.resource,
    cluster: condition.cluster ?? null,
    summary: condition.summary,
    diagnose: condition.diagnose,
    since: condition.since ?? null,
    detail: condition.detail,
    lastError: condition.lastError ?? null,
  };
}

async function markAllOpen(
  alerts: Store['alerts'],
  openings: readonly Opening[],
  where: { at: string; channel: string; digest: boolean },
): Promise<void> {
  for (const opening of openings)
    await alerts.markOpen(factsOf(opening.condition), { ...where, firstSeen: opening.firstSeen });
}

// State is written before each message, so a crash mid-way never makes a second alert; an
// alert Slack did not take stays open without a message and is posted again next poll.
async function apply(deps: ApplyDeps, action: AlertAction, at: string): Promise<void> {
  const { alerts, notifier, channel, logger } = deps;
  switch (action.kind) {
    case 'open': {
      await markAllOpen(alerts, action.alerts, { at, channel, digest: false });
      const fingerprints = action.alerts.map((o) => fingerprintOf(o.condition));
      const { ts } = await notifier.notify({ kind: 'alert-raised', channel, alerts: action.alerts });
      if (!ts) return;
      for (const fingerprint of fingerprints) await alerts.setMessage(fingerprint, ts);
      logger.info({ fingerprints, ts }, 'alert opened');
      return;
    }
    case 'open-digest': {
      await markAllOpen(alerts, action.alerts, { at, channel, digest: true });
      const entries = action.alerts.map((o) => ({ condition: o.condition, status: 'open' as const }));
      const { ts } = await notifier.notify({ kind: 'digest-raised', channel, entries });
      if (!ts) return;
      for (const o of action.alerts) await alerts.setMessage(fingerprintOf(o.condition), ts);
      logger.info({ alerts: action.alerts.length, ts }, 'alert digest opened');
      return;
    }
    case 'note': {
      const { alert, condition } = action;
      await alerts.change(alert.fingerprint, condition.summary, condition.detail);
      if (!alert.channel || !alert.messageTs) return;
      await notifier.notify({
        kind: 'alert-reworded',
        channel: alert.channel,
        ts: alert.messageTs,
        condition,
        was: alert.summary,
      });
      return;
    }
    case 'track':
      await alerts.track(factsOf(action.condition), action.firstSeen, at);
      return;
    case 'forget':
      await alerts.forget(action.fingerprint);
      return;
    case 'change': {
      const { message, joined, cleared, current } = action;
      await markAllOpen(alerts, joined, { at, channel: message.channel, digest: message.digest });
      for (const opening of joined) await alerts.setMessage(fingerprintOf(opening.condition), message.ts);
      for (const { alert } of cleared) await alerts.resolve(alert.fingerprint, at);
      logger.info(
        {
          ts: message.ts,
          joined: joined.map((o) => fingerprintOf(o.condition)),
          cleared: cleared.map((c) => c.alert.fingerprint),
        },
        'alert changed',
      );
      await notifier.notify({
        kind: 'alert-changed',
        message,
        joined,
        cleared: cleared.map((c) => ({ condition: conditionOf(c.alert), durationMs: c.durationMs })),
        current,
      });
      return;
    }
    case 'resolve': {
      const { message, durationMs } = action;
      for (const alert of action.alerts) await alerts.resolve(alert.fingerprint, at);
      const fingerprints = action.alerts.map((a) => a.fingerprint);
      logger.info({ fingerprints, durationMs }, 'alert resolved');
      await notifier.notify({
        kind: 'alert-resolved',
        message,
        alerts: action.alerts.map((alert) => ({ condition: conditionOf(alert), firstSeen: alert.firstSeen })),
        at,
        durationMs,
      });
      return;
    }
    case 'update-digest':
      await notifier.notify({
        kind: 'digest-changed',
        channel: action.channel,
        ts: action.ts,
        entries: action.entries,
      });
      return;
  }
}

/** Applies the plan in order; one action failing (Slack down, database busy) does not stop the others. */
export async function applyAlertActions(
  deps: ApplyDeps,
  actions: readonly AlertAction[],
  at: string,
): Promise<void> {
  for (const action of actions) {
    try {
      await apply(deps, action, at);
    } catch (error) {
      deps.logger.error({ err: error, action: action.kind }, 'alert action failed');
    }
  }
}

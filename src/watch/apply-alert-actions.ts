import type { Logger } from 'pino';
import type { PostResult } from '../slack/slack-messenger.js';
import { alertDigestView } from '../slack/views/alert-digest-view.js';
import {
  alertChangeNoteView,
  alertResolvedNoteView,
  alertSubjectChangeNoteView,
  alertView,
  resolvedAlertView,
} from '../slack/views/alert-view.js';
import type { SlackMessage } from '../slack/views/block-kit.js';
import type { AlertFacts, AlertStore } from '../store/alert-store.js';
import { type AlertCondition, fingerprintOf } from './alert-condition.js';
import { type AlertAction, conditionOf, type Opening } from './plan-alerts.js';

/** The part of the Slack messenger the watcher needs; both calls return Slack refusals as values. */
export type AlertMessenger = {
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<PostResult>;
  update(channel: string, ts: string, message: SlackMessage): Promise<PostResult>;
};

type ApplyDeps = {
  alerts: AlertStore;
  messenger: AlertMessenger;
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

function markAllOpen(
  alerts: AlertStore,
  openings: readonly Opening[],
  where: { at: string; channel: string; digest: boolean },
): void {
  for (const opening of openings)
    alerts.markOpen(factsOf(opening.condition), { ...where, firstSeen: opening.firstSeen });
}

// State is written before each message, so a crash mid-way never makes a second alert; an
// alert Slack did not take stays open without a message and is posted again next poll.
async function apply(deps: ApplyDeps, action: AlertAction, at: string): Promise<void> {
  const { alerts, messenger, channel, logger } = deps;
  const complain = (result: PostResult, what: string, fingerprint?: string) => {
    if (!result.ok) logger.warn({ error: result.error, fingerprint, channel }, `${what} not posted`);
  };
  switch (action.kind) {
    case 'open': {
      markAllOpen(alerts, action.alerts, { at, channel, digest: false });
      const fingerprints = action.alerts.map((o) => fingerprintOf(o.condition));
      const posted = await messenger.post(channel, alertView(action.alerts));
      complain(posted, 'alert', fingerprints[0]);
      if (!posted.ok) return;
      for (const fingerprint of fingerprints) alerts.setMessage(fingerprint, posted.ts);
      logger.info({ fingerprints, ts: posted.ts }, 'alert opened');
      return;
    }
    case 'open-digest': {
      markAllOpen(alerts, action.alerts, { at, channel, digest: true });
      const entries = action.alerts.map((o) => ({ condition: o.condition, status: 'open' as const }));
      const posted = await messenger.post(channel, alertDigestView(entries));
      complain(posted, 'alert digest');
      if (!posted.ok) return;
      for (const o of action.alerts) alerts.setMessage(fingerprintOf(o.condition), posted.ts);
      logger.info({ alerts: action.alerts.length, ts: posted.ts }, 'alert digest opened');
      return;
    }
    case 'note': {
      const { alert, condition } = action;
      alerts.change(alert.fingerprint, condition.summary, condition.detail);
      if (!alert.channel || !alert.messageTs) return;
      const view = alertChangeNoteView(condition, alert.summary);
      complain(await messenger.post(alert.channel, view, alert.messageTs), 'change note', alert.fingerprint);
      return;
    }
    case 'track':
      alerts.track(factsOf(action.condition), action.firstSeen, at);
      return;
    case 'forget':
      alerts.forget(action.fingerprint);
      return;
    case 'change': {
      const { message, joined, cleared, current } = action;
      markAllOpen(alerts, joined, { at, channel: message.channel, digest: message.digest });
      for (const opening of joined) alerts.setMessage(fingerprintOf(opening.condition), message.ts);
      for (const { alert } of cleared) alerts.resolve(alert.fingerprint, at);
      logger.info(
        {
          ts: message.ts,
          joined: joined.map((o) => fingerprintOf(o.condition)),
          cleared: cleared.map((c) => c.alert.fingerprint),
        },
        'alert changed',
      );
      const note = alertSubjectChangeNoteView(
        joined,
        cleared.map((c) => ({ condition: conditionOf(c.alert), durationMs: c.durationMs })),
      );
      complain(await messenger.post(message.channel, note, message.ts), 'change note');
      // A digest is redrawn whole by its own action.
      if (!message.digest)
        complain(await messenger.update(message.channel, message.ts, alertView(current)), 'changed alert');
      return;
    }
    case 'resolve': {
      const { message, durationMs } = action;
      for (const alert of action.alerts) alerts.resolve(alert.fingerprint, at);
      const fingerprints = action.alerts.map((a) => a.fingerprint);
      logger.info({ fingerprints, durationMs }, 'alert resolved');
      if (!message.digest) {
        const view = resolvedAlertView(
          action.alerts.map((alert) => ({ condition: conditionOf(alert), firstSeen: alert.firstSeen })),
          { at, durationMs },
        );
        complain(
          await messenger.update(message.channel, message.ts, view),
          'resolved alert',
          fingerprints[0],
        );
      }
      const note = alertResolvedNoteView(durationMs);
      complain(await messenger.post(message.channel, note, message.ts), 'resolved note', fingerprints[0]);
      return;
    }
    case 'update-digest':
      complain(await messenger.update(action.channel, action.ts, alertDigestView(action.entries)), 'digest');
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

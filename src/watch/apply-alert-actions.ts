import type { Logger } from 'pino';
import type { PostResult } from '../slack/slack-messenger.js';
import {
  alertChangeNoteView,
  alertDigestView,
  alertResolvedNoteView,
  alertView,
  resolvedAlertView,
} from '../slack/views/alert-view.js';
import type { SlackMessage } from '../slack/views/block-kit.js';
import type { AlertFacts, AlertStore } from '../store/alert-store.js';
import { type AlertCondition, fingerprintOf } from './alert-condition.js';
import { type AlertAction, conditionOf } from './plan-alerts.js';

/** The part of the Slack messenger the watcher needs; both calls return Slack refusals as values. */
export type AlertMessenger = {
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<PostResult>;
  update(channel: string, ts: string, message: SlackMessage): Promise<PostResult>;
};

export type ApplyDeps = {
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

// State is written before each message, so a crash mid-way never makes a second alert; an
// alert Slack did not take stays open without a message and is posted again next poll.
async function apply(deps: ApplyDeps, action: AlertAction, at: string): Promise<void> {
  const { alerts, messenger, channel, logger } = deps;
  const complain = (result: PostResult, what: string, fingerprint?: string) => {
    if (!result.ok) logger.warn({ error: result.error, fingerprint, channel }, `${what} not posted`);
  };
  switch (action.kind) {
    case 'open': {
      const facts = factsOf(action.condition);
      alerts.markOpen(facts, { firstSeen: action.firstSeen, at, channel, digest: false });
      const posted = await messenger.post(channel, alertView(action));
      complain(posted, 'alert', facts.fingerprint);
      if (!posted.ok) return;
      alerts.setMessage(facts.fingerprint, posted.ts);
      logger.info({ fingerprint: facts.fingerprint, ts: posted.ts }, 'alert opened');
      return;
    }
    case 'open-digest': {
      for (const opening of action.alerts)
        alerts.markOpen(factsOf(opening.condition), {
          firstSeen: opening.firstSeen,
          at,
          channel,
          digest: true,
        });
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
    case 'resolve': {
      const { alert, durationMs } = action;
      alerts.resolve(alert.fingerprint, at);
      logger.info({ fingerprint: alert.fingerprint, durationMs }, 'alert resolved');
      if (!alert.channel || !alert.messageTs) return;
      if (!alert.digest) {
        const view = resolvedAlertView(
          { condition: conditionOf(alert), firstSeen: alert.firstSeen },
          { at, durationMs },
        );
        complain(
          await messenger.update(alert.channel, alert.messageTs, view),
          'resolved alert',
          alert.fingerprint,
        );
      }
      const note = alertResolvedNoteView(durationMs);
      complain(
        await messenger.post(alert.channel, note, alert.messageTs),
        'resolved note',
        alert.fingerprint,
      );
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

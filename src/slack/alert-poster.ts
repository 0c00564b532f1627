import type { Logger } from 'pino';
import type { Posted } from '../notify/notifier.js';
import { fingerprintOf } from '../watch/alert-condition.js';
import type { AlertNotice } from '../watch/alert-notice.js';
import type { Messenger, PostResult } from './slack-messenger.js';
import { alertDigestView } from './views/alert-digest-view.js';
import {
  alertChangeNoteView,
  alertResolvedNoteView,
  alertSubjectChangeNoteView,
  alertView,
  resolvedAlertView,
} from './views/alert-view.js';

// Alerts are posted again at the next poll when Slack refuses them: a refusal is logged, not kept.
export function createAlertPoster(
  messenger: Pick<Messenger, 'post' | 'update'>,
  logger: Logger,
): (notice: AlertNotice) => Promise<Posted> {
  return async function alert(notice: AlertNotice): Promise<Posted> {
    const send = async (
      what: string,
      sent: Promise<PostResult>,
      channel: string,
      fingerprint?: string,
    ): Promise<Posted> => {
      const result = await sent;
      if (result.ok) return { ts: result.ts };
      logger.warn({ error: result.error, fingerprint, channel }, `${what} not posted`);
      return {};
    };
    switch (notice.kind) {
      case 'alert-raised': {
        const { channel, alerts } = notice;
        const fingerprint = alerts[0] ? fingerprintOf(alerts[0].condition) : undefined;
        return send('alert', messenger.post(channel, alertView(alerts)), channel, fingerprint);
      }
      case 'digest-raised':
        return send(
          'alert digest',
          messenger.post(notice.channel, alertDigestView(notice.entries)),
          notice.channel,
        );
      case 'digest-changed': {
        const { channel, ts, entries } = notice;
        return send('digest', messenger.update(channel, ts, alertDigestView(entries)), channel);
      }
      case 'alert-reworded': {
        const { channel, ts, condition, was } = notice;
        const view = alertChangeNoteView(condition, was);
        return send('change note', messenger.post(channel, view, ts), channel, fingerprintOf(condition));
      }
      case 'alert-changed': {
        const { message, joined, cleared, current } = notice;
        const note = alertSubjectChangeNoteView(joined, cleared);
        await send('change note', messenger.post(message.channel, note, message.ts), message.channel);
        // A digest is redrawn whole by its own notice.
        if (!message.digest)
          await send(
            'changed alert',
            messenger.update(message.channel, message.ts, alertView(current)),
            message.channel,
          );
        return {};
      }
      case 'alert-resolved': {
        const { message, alerts, at, durationMs } = notice;
        const fingerprint = alerts[0] ? fingerprintOf(alerts[0].condition) : undefined;
        if (!message.digest)
          await send(
            'resolved alert',
            messenger.update(message.channel, message.ts, resolvedAlertView(alerts, { at, durationMs })),
            message.channel,
            fingerprint,
          );
        const note = alertResolvedNoteView(durationMs);
        await send(
          'resolved note',
          messenger.post(message.channel, note, message.ts),
          message.channel,
          fingerprint,
        );
        return {};
      }
    }
  };
}

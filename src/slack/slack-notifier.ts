import type { Logger } from 'pino';
import type { KeptTarget, OutboxDelivery } from '../notify/create-outbox-delivery.js';
import type { Notice, Posted, RequestFacts, RunFacts } from '../notify/notifier.js';
import type { Plan } from '../procedures/shared/plan.js';
import type { Freeze } from '../recovery/freeze/freeze-state.js';
import type { AlertNotice } from '../watch/alert-notice.js';
import { createAlertPoster } from './alert-poster.js';
import { coalesceEdits, type EditCoalescer } from './coalesce-edits.js';
import { postWholeDiff } from './post-whole-diff.js';
import { sendMessage } from './send-message.js';
import type { Messenger } from './slack-messenger.js';
import { approvalCardView } from './views/approval-card-view.js';
import { escapeMrkdwn, type SlackMessage } from './views/block-kit.js';
import { incidentView } from './views/incident-view.js';
import { interruptedBecause, runInterruptedView, runStatusView, runSummaryView } from './views/run-views.js';

export type SlackNotifierOptions = {
  messenger: Pick<Messenger, 'post' | 'update' | 'upload' | 'permalink'>;
  incidentChannel?: string;
  clock: () => Date;
  logger: Logger;
  // Slack allows about one edit per second per message; progress is coalesced to that.
  minEditIntervalMs?: number;
  // Where a message that must not be lost goes when Slack refuses it (the outbox policy); without
  // it such a message is sent once, like any other.
  outbox?: Pick<OutboxDelivery, 'sendOrKeep'>;
  // A change freeze in force (issue #18): pending cards say so.
  frozen?: () => Promise<Freeze | undefined>;
};

const ALERT_KINDS: Record<AlertNotice['kind'], true> = {
  'alert-raised': true,
  'digest-raised': true,
  'digest-changed': true,
  'alert-reworded': true,
  'alert-changed': true,
  'alert-resolved': true,
};

function isAlertNotice(notice: Notice | AlertNotice): notice is AlertNotice {
  return Object.hasOwn(ALERT_KINDS, notice.kind);
}

/** The bot's one notifier: the use cases' notices and the watcher's. */
export type SlackNotifier = { notify(notice: Notice | AlertNotice): Promise<Posted> };

/** Renders notices as Slack messages: the approval card and its thread, the incident channel. */
export function createSlackNotifier(options: SlackNotifierOptions): SlackNotifier {
  const alert = createAlertPoster(options.messenger, options.logger);
  const { messenger, logger } = options;
  const minInterval = options.minEditIntervalMs ?? 1_000;
  // The status message of each run in progress, with its edits coalesced.
  const live = new Map<string, EditCoalescer<SlackMessage>>();

  // Slack trouble must never break a run: log it and go on.
  async function safely(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      logger.warn({ err: error, what }, 'Slack update failed');
    }
  }

  // A message that must not be lost: the outbox policy keeps it when Slack refuses it.
  async function sendOrKeep(target: KeptTarget, render: (happenedAt?: Date) => SlackMessage): Promise<void> {
    if (options.outbox) return options.outbox.sendOrKeep(target, render);
    const refusal = await sendMessage(messenger, target, render());
    if (refusal)
      logger.warn(
        { error: refusal.error, what: target.what, runId: target.runId, channel: target.channel },
        'Slack refused a message; no outbox to keep it',
      );
  }

  function postToThread(what: 'summary' | 'interrupted', run: RunFacts, message: SlackMessage) {
    return sendOrKeep({ what, runId: run.id, channel: run.channel, threadTs: run.threadTs }, () => message);
  }

  // `event` is mrkdwn: the callers below escape what in it came from a use case (a verdict, a reason).
  async function incident(request: RequestFacts, plan: Plan, event: string, run?: RunFacts): Promise<void> {
    const channel = options.incidentChannel;
    if (!channel) return;
    // The link is a nicety: a Slack too busy to give one must not hold back the notice.
    const permalink = request.cardTs
      ? await messenger.permalink(request.channel, request.cardTs).catch(() => undefined)
      : undefined;
    await sendOrKeep({ what: 'incident', runId: run?.id ?? null, channel, threadTs: null }, (happenedAt) =>
      incidentView(request, plan, event, permalink, happenedAt),
    );
  }

  async function updateCard(request: RequestFacts, message: SlackMessage): Promise<void> {
    if (!request.cardTs) return;
    const updated = await messenger.update(request.channel, request.cardTs, message);
    if (!updated.ok)
      logger.warn({ error: updated.error, requestId: request.id }, 'approval card not updated');
  }

  // The card's last state (closed, with the outcome) must not be lost: the card would say "running"
  // or "waiting for approval" for ever.
  async function closeCard(request: RequestFacts, plan: Plan, headline: string, run?: RunFacts) {
    if (!request.cardTs) return;
    const message = approvalCardView(request, plan, { kind: 'closed', headline }, options.clock());
    await sendOrKeep(
      {
        what: 'card',
        runId: run?.id ?? null,
        channel: request.channel,
        threadTs: null,
        editTs: request.cardTs,
      },
      () => message,
    );
  }

  async function recovery(notice: Notice): Promise<Posted> {
    switch (notice.kind) {
      case 'request-opened': {
        const { request, plan } = notice;
        const frozen = await options.frozen?.();
        const posted = await messenger.post(
          request.channel,
          approvalCardView(request, plan, { kind: 'pending', approvedBy: [] }, options.clock(), frozen),
        );
        if (!posted.ok) throw new Error(`approval card not posted: ${posted.error}`);
        return { ts: posted.ts };
      }
      case 'request-announced': {
        const { request, plan } = notice;
        await safely('diff', () => postWholeDiff({ messenger, logger }, request, plan));
        await safely('incident', () => incident(request, plan, 'requested, waiting for approval'));
        return {};
      }
      case 'approval-recorded': {
        const { request, plan, approvedBy } = notice;
        await safely('card', async () =>
          updateCard(
            request,
            approvalCardView(
              request,
              plan,
              { kind: 'pending', approvedBy },
              options.clock(),
              await options.frozen?.(),
            ),
          ),
        );
        return {};
      }
      case 'request-closed': {
        const { request, plan } = notice;
        // The reason is text (a refusal can quote Omni); only the users its caller named are mentions.
        const said = escapeMrkdwn(notice.reason, notice.mentions ?? []);
        await safely('card', () => closeCard(request, plan, said));
        if (request.cardTs)
          await safely('thread', () =>
            messenger.post(request.channel, { text: said, blocks: [] }, request.cardTs ?? undefined),
          );
        await safely('incident', () => incident(request, plan, said));
        return {};
      }
      case 'thread-note': {
        const { request, text } = notice;
        if (!request.cardTs) return {};
        await safely('thread', () =>
          messenger.post(request.channel, { text, blocks: [] }, request.cardTs ?? undefined),
        );
        return {};
      }
      case 'run-started': {
        const { request, plan, run, steps } = notice;
        const approvedBy = request.decidedBy ? [request.decidedBy] : [];
        await safely('card', () =>
          updateCard(
            request,
            approvalCardView(request, plan, { kind: 'running', approvedBy }, options.clock()),
          ),
        );
        const status = runStatusView(plan, run, steps, request.dryRun);
        const posted = await messenger.post(run.channel, status, run.threadTs ?? undefined);
        if (posted.ok) {
          const statusTs = posted.ts;
          const edits = coalesceEdits<SlackMessage>({
            clock: options.clock,
            minIntervalMs: minInterval,
            // The final edit (with the outcome) is kept if Slack refuses it; progress edits are not.
            send: (message, final) =>
              safely('run status', () =>
                final
                  ? sendOrKeep(
                      {
                        what: 'status',
                        runId: run.id,
                        channel: run.channel,
                        threadTs: null,
                        editTs: statusTs,
                      },
                      () => message,
                    )
                  : messenger.update(run.channel, statusTs, message),
              ),
          });
          live.set(run.id, edits);
        }
        await safely('incident', () =>
          incident(request, plan, `approved by <@${request.decidedBy}>; running`, run),
        );
        return posted.ok ? { ts: posted.ts } : {};
      }
      case 'run-progress': {
        const { request, plan, run, steps } = notice;
        live.get(run.id)?.progress(() => runStatusView(plan, run, steps, request.dryRun));
        return {};
      }
      case 'run-finished': {
        const { request, plan, run, steps, result } = notice;
        // The final status edit goes out once, after the edit in flight and the rest of the
        // interval (up to a second). The summary, the card and the incident channel do not wait
        // for it: the summary is what people read, and waiting for the edit's pace made every run
        // look up to a second slower than Omni (issue #17, bench/time-to-act.ts).
        const edits = live.get(run.id);
        live.delete(run.id);
        const finalEdit = edits?.final(runStatusView(plan, run, steps, request.dryRun, result.status));
        await safely('summary', () =>
          postToThread('summary', run, runSummaryView(plan, run, result, request.dryRun)),
        );
        // The verdict quotes omnictl and the remote host: text inside the bot's own mrkdwn line.
        const verdict = escapeMrkdwn(result.verdict);
        const headline = `${result.status === 'succeeded' ? ':white_check_mark:' : ':x:'} Approved by <@${request.decidedBy}>; ${result.status}: ${verdict}`;
        await safely('card', () => closeCard(request, plan, headline, run));
        await safely('incident', () => incident(request, plan, `${result.status}: ${verdict}`, run));
        await finalEdit;
        return {};
      }
      case 'run-interrupted': {
        const { request, plan, run, steps, stoppedAnswering } = notice;
        await safely('thread', () =>
          postToThread('interrupted', run, runInterruptedView(plan, run, steps, stoppedAnswering)),
        );
        const why = `interrupted: ${interruptedBecause(stoppedAnswering)} during the run`;
        const headline = `:warning: Approved by <@${request.decidedBy}>; ${why}.`;
        await safely('card', () => closeCard(request, plan, headline, run));
        await safely('incident', () => incident(request, plan, why, run));
        return {};
      }
    }
  }

  return {
    notify(notice: Notice | AlertNotice): Promise<Posted> {
      return isAlertNotice(notice) ? alert(notice) : recovery(notice);
    },
  };
}

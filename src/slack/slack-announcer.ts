import type { Logger } from 'pino';
import type { Plan } from '../procedures/plan.js';
import type { Announcer } from '../recovery/announcer.js';
import type { Freeze } from '../recovery/freeze/freeze-state.js';
import type { RunEvent } from '../runner/run-events.js';
import type { RequestRecord, RunRecord } from '../store/records.js';
import { postWholeDiff } from './post-whole-diff.js';
import { sendMessage } from './send-message.js';
import type { Messenger } from './slack-messenger.js';
import { approvalCardView } from './views/approval-card-view.js';
import { escapeMrkdwn, type SlackMessage } from './views/block-kit.js';
import { incidentView } from './views/incident-view.js';
import { type LiveStep, runInterruptedView, runStatusView, runSummaryView } from './views/run-views.js';

export type AnnouncerOptions = {
  messenger: Messenger;
  incidentChannel?: string;
  clock: () => Date;
  logger: Logger;
  // Slack allows about one edit per second per message; progress is coalesced to that.
  minEditIntervalMs?: number;
  // Receives what Slack refused after the client's retries, to be sent again later instead of lost:
  // a run's summary or interrupted notice, an incident-channel notice, and the final edits of the
  // approval card and of the run's status message.
  keepUndelivered?: (entry: UndeliveredMessage) => void;
  // A change freeze in force (issue #18): pending cards say so.
  frozen?: () => Freeze | undefined;
};

export type UndeliveredMessage = {
  what: 'summary' | 'interrupted' | 'incident' | 'card' | 'status';
  runId: string | null;
  channel: string;
  threadTs: string | null;
  // For an edit: the ts of the message to edit.
  editTs?: string;
  message: SlackMessage;
};

type LiveRun = {
  steps: LiveStep[];
  // When the last status edit was queued: progress is snapshotted at most once per interval.
  lastEditAt: number;
  // When Slack last answered a status edit (or the status post). An edit goes out no sooner than the
  // interval after that, so Slack never gets two edits of the message closer than the interval, even
  // when a request takes a while to leave or the previous edit was slow.
  lastAnsweredAt: number;
  timer?: NodeJS.Timeout;
  // Ends the wait of a queued edit early (when a newer edit supersedes it).
  wake?: () => void;
  chain: Promise<void>;
  // Bumped per edit: when Slack is slow, queued edits that a newer one supersedes are skipped.
  version: number;
};

export function createSlackAnnouncer(options: AnnouncerOptions): Announcer {
  const { messenger, logger } = options;
  const minInterval = options.minEditIntervalMs ?? 1_000;
  const live = new Map<string, LiveRun>();

  // Slack trouble must never break a run: log it and go on.
  async function safely(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      logger.warn({ err: error, what }, 'Slack update failed');
    }
  }

  // Sends a message that must not be lost; when Slack refuses it (an API error, or a transport error
  // once the client's retries are spent) it is kept, as `kept` (default: as it is), to be sent later.
  async function sendOrKeep(
    entry: Omit<UndeliveredMessage, 'message'>,
    message: SlackMessage,
    kept: SlackMessage = message,
  ): Promise<void> {
    const refusal = await sendMessage(messenger, entry, message);
    if (refusal === undefined) return;
    logger.warn(
      { error: refusal.error, what: entry.what, runId: entry.runId, channel: entry.channel },
      'Slack refused a message; kept to send again',
    );
    options.keepUndelivered?.({ ...entry, message: kept });
  }

  function postToThread(what: 'summary' | 'interrupted', run: RunRecord, message: SlackMessage) {
    return sendOrKeep({ what, runId: run.id, channel: run.channel, threadTs: run.threadTs }, message);
  }

  // `event` is mrkdwn: the callers below escape what in it came from a use case (a verdict, a reason).
  async function incident(request: RequestRecord, plan: Plan, event: string, run?: RunRecord): Promise<void> {
    const channel = options.incidentChannel;
    if (!channel) return;
    // The link is a nicety: a Slack too busy to give one must not hold back the notice.
    const permalink = request.cardTs
      ? await messenger.permalink(request.channel, request.cardTs).catch(() => undefined)
      : undefined;
    // A kept notice goes out after later ones may have: it says when it happened.
    const late = incidentView(request, plan, event, permalink, options.clock());
    await sendOrKeep(
      { what: 'incident', runId: run?.id ?? null, channel, threadTs: null },
      incidentView(request, plan, event, permalink),
      late,
    );
  }

  async function updateCard(
    request: RequestRecord,
    message: ReturnType<typeof approvalCardView>,
  ): Promise<void> {
    if (!request.cardTs) return;
    const updated = await messenger.update(request.channel, request.cardTs, message);
    if (!updated.ok)
      logger.warn({ error: updated.error, requestId: request.id }, 'approval card not updated');
  }

  // The card's last state (closed, with the outcome) must not be lost: the card would say "running"
  // or "waiting for approval" for ever.
  async function closeCard(request: RequestRecord, plan: Plan, headline: string, run?: RunRecord) {
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
      message,
    );
  }

  // A diff too long for the card goes whole into the card's thread: as a file, or, when Slack
  // refuses the file (a workspace that has not granted files:write yet), as consecutive messages.
  // When neither works the thread says so: the approver must not approve what they cannot read.
  // Waits (a timer) until the injected clock reaches `due`, or until a newer edit supersedes this one.
  // A timer can fire a little early by the clock, so the rest is waited again; a clock that stands
  // still (tests) ends the wait after one timer.
  async function waitUntil(state: LiveRun, due: number, current: () => boolean): Promise<void> {
    let left = due - options.clock().getTime();
    while (left > 0 && current()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        state.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      state.wake = undefined;
      const now = due - options.clock().getTime();
      if (now >= left) return;
      left = now;
    }
  }

  // Queues an edit of the status message (the final one once the run has an outcome); the returned
  // promise settles when it went out (or was superseded by a newer edit).
  function editStatus(state: LiveRun, run: RunRecord, plan: Plan, dryRun: boolean, outcome?: string) {
    if (!run.statusTs) return state.chain;
    state.lastEditAt = options.clock().getTime();
    const message = runStatusView(plan, run, state.steps, dryRun, outcome);
    const statusTs = run.statusTs;
    state.version += 1;
    const version = state.version;
    const current = () => version === state.version;
    // An older edit still waiting out the interval gives way at once; this one waits instead.
    state.wake?.();
    state.chain = state.chain.then(async () => {
      await waitUntil(state, state.lastAnsweredAt + minInterval, current);
      if (!current()) return;
      // The final edit (with the outcome) is kept if Slack refuses it; progress edits are not.
      await safely('run status', () =>
        outcome === undefined
          ? messenger.update(run.channel, statusTs, message)
          : sendOrKeep(
              { what: 'status', runId: run.id, channel: run.channel, threadTs: null, editTs: statusTs },
              message,
            ),
      );
      state.lastAnsweredAt = options.clock().getTime();
    });
    return state.chain;
  }

  return {
    async requestCreated(request, plan) {
      const posted = await messenger.post(
        request.channel,
        approvalCardView(
          request,
          plan,
          { kind: 'pending', approvedBy: [] },
          options.clock(),
          options.frozen?.(),
        ),
      );
      if (!posted.ok) throw new Error(`approval card not posted: ${posted.error}`);
      return { cardTs: posted.ts };
    },
    async requestAnnounced(request, plan) {
      await safely('diff', () => postWholeDiff({ messenger, logger }, request, plan));
      await safely('incident', () => incident(request, plan, 'requested, waiting for approval'));
    },
    async approvalRecorded(request, plan, approvedBy) {
      await safely('card', () =>
        updateCard(
          request,
          approvalCardView(
            request,
            plan,
            { kind: 'pending', approvedBy },
            options.clock(),
            options.frozen?.(),
          ),
        ),
      );
    },
    async requestClosed(request, plan, reason, mentions = []) {
      // The reason is text (a refusal can quote Omni); only the users its caller named are mentions.
      const said = escapeMrkdwn(reason, mentions);
      await safely('card', () => closeCard(request, plan, said));
      if (request.cardTs)
        await safely('thread', () =>
          messenger.post(request.channel, { text: said, blocks: [] }, request.cardTs ?? undefined),
        );
      await safely('incident', () => incident(request, plan, said));
    },
    async threadNote(request, text) {
      if (!request.cardTs) return;
      await safely('thread', () =>
        messenger.post(request.channel, { text, blocks: [] }, request.cardTs ?? undefined),
      );
    },
    async runStarted(request, plan, run) {
      const approvedBy = request.decidedBy ? [request.decidedBy] : [];
      await safely('card', () =>
        updateCard(
          request,
          approvalCardView(request, plan, { kind: 'running', approvedBy }, options.clock()),
        ),
      );
      live.set(run.id, {
        steps: plan.steps.map(() => ({ status: 'pending' })),
        lastEditAt: 0,
        lastAnsweredAt: 0,
        chain: Promise.resolve(),
        version: 0,
      });
      const status = runStatusView(plan, run, live.get(run.id)!.steps, request.dryRun);
      const posted = await messenger.post(run.channel, status, run.threadTs ?? undefined);
      const state = live.get(run.id)!;
      state.lastEditAt = options.clock().getTime();
      state.lastAnsweredAt = state.lastEditAt;
      await safely('incident', () =>
        incident(request, plan, `approved by <@${request.decidedBy}>; running`, run),
      );
      return posted.ok ? { statusTs: posted.ts } : {};
    },
    runProgress(request, plan, run, event: RunEvent) {
      const state = live.get(run.id);
      if (!state) return;
      if (event.type === 'step-started') state.steps[event.idx] = { status: 'running' };
      if (event.type === 'step-output') state.steps[event.idx] = { status: 'running', lastLine: event.line };
      if (event.type === 'step-finished') state.steps[event.result.idx] = { status: event.result.status };
      if (state.timer) return;
      const wait = state.lastEditAt + minInterval - options.clock().getTime();
      if (wait <= 0) {
        void editStatus(state, run, plan, request.dryRun);
        return;
      }
      state.timer = setTimeout(() => {
        state.timer = undefined;
        void editStatus(state, run, plan, request.dryRun);
      }, wait);
    },
    async runFinished(request, plan, run, result) {
      // The final status edit goes out once: the pending throttled edit is dropped, queued ones are
      // superseded, and it waits for the edit in flight and then the rest of the interval. The
      // summary follows it, so the status message shows the outcome before the thread does.
      const state = live.get(run.id);
      live.delete(run.id);
      if (state) {
        clearTimeout(state.timer);
        state.timer = undefined;
        for (const r of result.steps) state.steps[r.idx] = { status: r.status };
        await editStatus(state, run, plan, request.dryRun, result.status);
      }
      await safely('summary', () =>
        postToThread('summary', run, runSummaryView(plan, run, result, request.dryRun)),
      );
      // The verdict quotes omnictl and the remote host: text inside the bot's own mrkdwn line.
      const verdict = escapeMrkdwn(result.verdict);
      const headline = `${result.status === 'succeeded' ? ':white_check_mark:' : ':x:'} Approved by <@${request.decidedBy}>; ${result.status}: ${verdict}`;
      await safely('card', () => closeCard(request, plan, headline, run));
      await safely('incident', () => incident(request, plan, `${result.status}: ${verdict}`, run));
    },
    async runInterrupted(request, plan, run, steps) {
      await safely('thread', () => postToThread('interrupted', run, runInterruptedView(plan, run, steps)));
      const headline = `:warning: Approved by <@${request.decidedBy}>; interrupted: the bot stopped during the run.`;
      await safely('card', () => closeCard(request, plan, headline, run));
      await safely('incident', () =>
        incident(request, plan, 'interrupted: the bot stopped during the run', run),
      );
    },
  };
}

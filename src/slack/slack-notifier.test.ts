import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_PING_SHOWN, EVIL_LINK_SHOWN, HOSTILE_TEXT } from '../../test/faults/hostile-inputs.js';
import {
  escapedTwice,
  foreignSequences,
  joined,
  sentText,
} from '../../test/faults/slack-control-sequences.js';
import { createOutboxDelivery } from '../notify/create-outbox-delivery.js';
import type { Notifier } from '../notify/notifier.js';
import type { Plan } from '../procedures/shared/plan.js';
import type { RunEvent, RunResult } from '../runner/run-events.js';
import { createRunProgress } from '../runner/run-progress.js';
import { createStore } from '../store/create-store.js';
import type { RequestRecord, RunRecord } from '../store/records.js';
import { sendMessage } from './send-message.js';
import type { Messenger } from './slack-messenger.js';
import { createSlackNotifier } from './slack-notifier.js';
import type { SlackMessage } from './views/block-kit.js';

const START = Date.parse('2026-08-22T09:30:00Z');
const CHANNEL = 'C0OPS';
const CARD_TS = '1767000000.000100';
const STATUS_TS = '1767000000.000200';

const PLAN: Plan = {
  procedure: 'test-steps',
  title: 'Three omnictl steps',
  cluster: 'talos-prod',
  targets: [],
  steps: [1, 2, 3].map((n) => ({
    kind: 'omnictl' as const,
    title: `Step ${n}`,
    args: ['get', 'machines'],
    timeoutMs: 60_000,
    mutating: false,
  })),
  risks: [],
  approvalsNeeded: 1,
  fingerprint: 'test',
};

const REQUEST: RequestRecord = {
  id: 'r-0123456789ab',
  procedure: PLAN.procedure,
  params: {},
  plan: PLAN,
  planFingerprint: PLAN.fingerprint,
  cluster: 'talos-prod',
  requester: 'U0ALICE',
  reason: 'test',
  channel: CHANNEL,
  cardTs: CARD_TS,
  status: 'running',
  approvalsNeeded: 1,
  dryRun: false,
  createdAt: '2026-08-22T09:30:00.000Z',
  expiresAt: '2026-08-22T09:45:00.000Z',
  decidedAt: '2026-08-22T09:30:00.000Z',
  decidedBy: 'U0BOB',
  outcome: null,
};

const RUN: RunRecord = {
  id: 'run-0123456789',
  requestId: REQUEST.id,
  cluster: 'talos-prod',
  status: 'running',
  channel: CHANNEL,
  threadTs: CARD_TS,
  statusTs: null,
  startedAt: '2026-08-22T09:30:00.000Z',
  finishedAt: null,
  summary: null,
};

const RESULT: RunResult = {
  status: 'succeeded',
  steps: [0, 1, 2].map((idx) => ({
    idx,
    status: 'ok' as const,
    exitCode: 0,
    durationMs: 10,
    note: 'done',
    outputTail: '',
  })),
  verdict: 'All steps ran.',
};

type Call = {
  method: 'post' | 'update';
  ts?: string;
  message: SlackMessage;
  at: number;
  answeredAt?: number;
};

// A messenger that records each call with the (fake) time it was made; status edits can be slow.
function recordingMessenger(updateDelayMs = 0) {
  const calls: Call[] = [];
  const messenger = {
    async post(_channel: string, message: SlackMessage) {
      calls.push({ method: 'post', message, at: Date.now() });
      return { ok: true as const, ts: STATUS_TS };
    },
    async update(_channel: string, ts: string, message: SlackMessage) {
      const call: Call = { method: 'update', ts, message, at: Date.now() };
      calls.push(call);
      if (ts === STATUS_TS && updateDelayMs > 0)
        await new Promise((resolve) => setTimeout(resolve, updateDelayMs));
      call.answeredAt = Date.now();
      return { ok: true as const, ts };
    },
    async ephemeral() {
      return { ok: true as const, ts: '' };
    },
    async upload() {
      return { ok: true as const };
    },
    async permalink() {
      return undefined;
    },
  } satisfies Messenger;
  return {
    messenger,
    calls,
    statusEdits: () => calls.filter((c) => c.method === 'update' && c.ts === STATUS_TS),
    summaries: () => calls.filter((c) => c.method === 'post' && /Succeeded/.test(c.message.text)),
  };
}

const output = (idx: number, line: string): RunEvent => ({ type: 'step-output', idx, line });

// Drives a run's notices as executeRun does: the progress kept in one place, each notice its state.
async function driveRun(notifier: Notifier) {
  const progress = createRunProgress(PLAN.steps.length);
  const base = { request: REQUEST, plan: PLAN, run: RUN };
  await notifier.notify({ kind: 'run-started', ...base, steps: progress.steps });
  return {
    progress(event: RunEvent) {
      void notifier.notify({ kind: 'run-progress', ...base, steps: progress.apply(event) });
    },
    finished(result: RunResult) {
      return notifier.notify({ kind: 'run-finished', ...base, steps: progress.finish(result), result });
    },
  };
}

async function startRun(messenger: Messenger, clock: () => Date = () => new Date()) {
  const notifier = createSlackNotifier({ messenger, clock, logger: pino({ level: 'silent' }) });
  return { run: await driveRun(notifier) };
}

describe('slack notifier: status edits', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('posts the summary at once and sends the final status edit no sooner than the interval after the previous edit', async () => {
    const slack = recordingMessenger();
    const { run } = await startRun(slack.messenger);
    await vi.advanceTimersByTimeAsync(1_000);
    run.progress(output(0, 'first line'));
    await vi.advanceTimersByTimeAsync(50);
    // Throttled: this one waits for a timer, which runFinished drops.
    run.progress(output(0, 'second line'));
    await vi.advanceTimersByTimeAsync(23);

    const finished = run.finished(RESULT);
    await vi.advanceTimersByTimeAsync(900);
    // The summary does not wait for the status message's pace (issue #17: run overhead).
    expect(slack.statusEdits()).toHaveLength(1);
    expect(slack.summaries().map((s) => s.at - START)).toEqual([1_073]);
    await vi.advanceTimersByTimeAsync(100);
    await finished;
    await vi.advanceTimersByTimeAsync(10_000);

    const edits = slack.statusEdits();
    expect(edits.map((e) => e.at - START)).toEqual([1_000, 2_000]);
    const [previous, last] = edits;
    expect(last!.at - previous!.answeredAt!).toBeGreaterThanOrEqual(1_000);
    // The final edit shows how the run ended, the finished steps and no Cancel button.
    expect(last!.message.text).toContain(`: ${RESULT.status}, 3/3 steps done`);
    expect(last!.message.blocks.some((b) => b.type === 'actions')).toBe(false);
    const summaries = slack.summaries();
    expect(summaries).toHaveLength(1);
    expect(slack.calls.indexOf(summaries[0]!)).toBeLessThan(slack.calls.indexOf(last!));
  });

  it('with an edit in flight, the final edit waits for its answer and then the interval; queued edits are dropped', async () => {
    const slack = recordingMessenger(1_500);
    const { run } = await startRun(slack.messenger);
    await vi.advanceTimersByTimeAsync(1_000);
    run.progress(output(0, 'first line')); // sent at 1,000; answered at 2,500
    await vi.advanceTimersByTimeAsync(100);
    run.progress(output(0, 'second line')); // queued at 2,000 by the throttle
    await vi.advanceTimersByTimeAsync(1_000);

    const finished = run.finished(RESULT);
    await vi.advanceTimersByTimeAsync(10_000);
    await finished;

    const edits = slack.statusEdits();
    expect(edits.map((e) => e.at - START)).toEqual([1_000, 3_500]);
    expect(edits[1]!.at - edits[0]!.answeredAt!).toBeGreaterThanOrEqual(1_000);
    expect(edits[1]!.message.text).toContain('3/3 steps done');
    const summaries = slack.summaries();
    expect(summaries).toHaveLength(1);
    // Posted when the run finished, not after the paced final edit.
    expect(summaries[0]!.at - START).toBe(2_100);
  });

  it('waits again when the timer fires before the clock has reached the end of the interval', async () => {
    const slack = recordingMessenger();
    // The injected clock falls 3 ms behind the timers during the wait, as a busy event loop can make
    // a timer fire early by the clock.
    let lag = 0;
    const { run } = await startRun(slack.messenger, () => new Date(Date.now() - lag));
    await vi.advanceTimersByTimeAsync(1_000);
    run.progress(output(0, 'first line')); // sent and answered at 1,000
    await vi.advanceTimersByTimeAsync(500);

    const finished = run.finished(RESULT);
    await vi.advanceTimersByTimeAsync(100);
    lag = 3;
    await vi.advanceTimersByTimeAsync(10_000);
    await finished;

    const edits = slack.statusEdits();
    expect(edits.map((e) => e.at - START)).toEqual([1_000, 2_003]);
    // By the injected clock, the final edit went out exactly one interval after the first was answered.
    expect(edits[1]!.at - lag - edits[0]!.answeredAt!).toBe(1_000);
    expect(slack.summaries()).toHaveLength(1);
  });

  it('a clock that stands still holds the final edit for one timer of the interval, not forever', async () => {
    const slack = recordingMessenger();
    const { run } = await startRun(slack.messenger, () => new Date(START));
    run.progress(output(0, 'first line'));
    // The throttle's timer fires; that edit then waits out the interval, which the clock never ends.
    await vi.advanceTimersByTimeAsync(1_000);
    let done = false;
    const finished = run.finished(RESULT).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await finished;

    // The waiting throttled edit gave way to the final one.
    expect(slack.statusEdits().map((e) => e.at - START)).toEqual([2_000]);
    expect(slack.summaries()).toHaveLength(1);
  });
});

describe('slack notifier: what Slack refuses', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps the final edits of the status message and the card, and the summary, but not progress edits', async () => {
    const slack = recordingMessenger();
    const refusing = {
      ...slack.messenger,
      async update(channel: string, ts: string, message: SlackMessage) {
        await slack.messenger.update(channel, ts, message);
        return { ok: false as const, error: 'fatal_error' };
      },
      async post(channel: string, message: SlackMessage) {
        if (/Succeeded/.test(message.text))
          throw new Error('An HTTP protocol error occurred: statusCode = 503');
        return slack.messenger.post(channel, message);
      },
    } satisfies Messenger;
    const { outbox } = await createStore(':memory:');
    const logger = pino({ level: 'silent' });
    const clock = () => new Date();
    const notifier = createSlackNotifier({
      messenger: refusing,
      clock,
      logger,
      outbox: createOutboxDelivery({
        outbox,
        send: (target, message) => sendMessage(refusing, target, message as SlackMessage),
        clock,
        logger,
        replica: 'replica-a',
      }),
    });
    const run = await driveRun(notifier);
    await vi.advanceTimersByTimeAsync(1_000);
    run.progress(output(0, 'first line'));
    await vi.advanceTimersByTimeAsync(1_000);

    const finished = run.finished(RESULT);
    await vi.advanceTimersByTimeAsync(5_000);
    await finished;

    // Slack was asked for the progress edit too, but only the messages that close the run are kept.
    expect(slack.statusEdits().length).toBeGreaterThanOrEqual(2);
    const kept = await outbox.pending();
    // The summary goes first: it does not wait for the status message's pace (issue #17).
    expect(kept.map((k) => [k.what, k.editTs ?? k.threadTs])).toEqual([
      ['summary', CARD_TS],
      ['status', STATUS_TS],
      ['card', CARD_TS],
    ]);
    expect(kept[1]?.message.text).toContain('3/3 steps done');
    expect(kept[2]?.message.text).toContain('succeeded');
  });
});

describe('slack notifier: verdicts and reasons are text', () => {
  const H = HOSTILE_TEXT;

  it('escapes a verdict and a reason once in the card, the thread and the incident channel, keeping its own mentions', async () => {
    const slack = recordingMessenger();
    const notifier = createSlackNotifier({
      messenger: slack.messenger,
      incidentChannel: 'C0INC',
      clock: () => new Date(START),
      logger: pino({ level: 'silent' }),
      minEditIntervalMs: 0,
    });
    const run = await driveRun(notifier);
    run.progress(output(1, `Error: ${H}`));

    await run.finished({
      status: 'failed',
      steps: [
        {
          idx: 0,
          status: 'failed',
          exitCode: 1,
          durationMs: 5,
          note: `omnictl failed: ${H}`,
          outputTail: H,
        },
      ],
      verdict: `Step 1 (Step 1) failed: omnictl failed: ${H}`,
    });
    await notifier.notify({
      kind: 'request-closed',
      request: REQUEST,
      plan: PLAN,
      reason: `Rejected by <@U0BOB>: ${H}`,
      mentions: ['U0BOB'],
    });
    await notifier.notify({
      kind: 'request-closed',
      request: REQUEST,
      plan: PLAN,
      reason: `Omni changed since the request: ${H}`,
    });

    const text = sentText(...slack.calls.map((c) => c.message));
    expect(foreignSequences(text, { users: ['U0ALICE', 'U0BOB'] })).toEqual([]);
    expect(escapedTwice(text)).toEqual([]);
    const shown = joined(text);
    expect(shown).toContain(
      `Approved by <@U0BOB>; failed: Step 1 (Step 1) failed: omnictl failed: ${CHANNEL_PING_SHOWN}`,
    );
    expect(shown).toContain(`Rejected by <@U0BOB>: ${CHANNEL_PING_SHOWN} ${EVIL_LINK_SHOWN} &lt;@U0EVIL&gt;`);
    expect(shown).toContain(`Omni changed since the request: ${CHANNEL_PING_SHOWN}`);
  });
});

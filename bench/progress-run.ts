// A run of a plan through the real runner (runPlan, omnictl steps) and the real Slack notifier,
// as executeRun drives them, minus the database: the progress-economy benchmark's subject.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { createOmnictl } from '../src/omni/run-omnictl.js';
import type { Plan } from '../src/procedures/shared/plan.js';
import type { RunResult } from '../src/runner/run-events.js';
import { runPlan } from '../src/runner/run-plan.js';
import { createRunProgress } from '../src/runner/run-progress.js';
import { createMessenger } from '../src/slack/slack-messenger.js';
import { createSlackNotifier } from '../src/slack/slack-notifier.js';
import type { RequestRecord, RunRecord } from '../src/store/records.js';
import type { FakeSlack } from '../test/fakes/slack/start-fake-slack.js';
import { CHANNEL, INCIDENTS, USERS } from '../test/support/bot-harness.js';

const CHATTY = path.join(import.meta.dirname, 'chatty-omnictl.mjs');

export function chattyPlan(steps: number, lines: number, intervalMs: number): Plan {
  return {
    procedure: 'bench-chatty',
    title: `${steps} chatty omnictl steps`,
    cluster: 'talos-prod',
    targets: [],
    steps: Array.from({ length: steps }, (_, i) => ({
      kind: 'omnictl' as const,
      title: `Chatty step ${i + 1}`,
      args: [String(i + 1), String(lines), String(intervalMs)],
      timeoutMs: 120_000,
      mutating: false,
    })),
    risks: [],
    approvalsNeeded: 1,
    fingerprint: 'bench',
  };
}

export type ProgressRun = {
  result: RunResult;
  runId: string;
  cardTs: string;
  statusTs?: string;
  lines: number;
  // Date.now() when the last step ended, before the notifier's closing messages.
  stepsDoneAt: number;
};

export async function runWithProgress(slack: FakeSlack, plan: Plan): Promise<ProgressRun> {
  const logger = pino({ level: 'silent' });
  const web = new WebClient(slack.options.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
  });
  const messenger = createMessenger(web);
  const notifier = createSlackNotifier({
    messenger,
    incidentChannel: INCIDENTS,
    clock: () => new Date(),
    logger,
  });
  const card = await messenger.post(CHANNEL, { text: 'approval needed (bench)', blocks: [] });
  if (!card.ok) throw new Error(card.error);
  const now = new Date().toISOString();
  const request: RequestRecord = {
    id: 'r-0000000bench',
    procedure: plan.procedure,
    params: {},
    plan,
    planFingerprint: plan.fingerprint,
    cluster: plan.cluster,
    requester: USERS.alice,
    reason: 'progress-economy benchmark',
    channel: CHANNEL,
    cardTs: card.ts,
    status: 'running',
    approvalsNeeded: 1,
    dryRun: false,
    createdAt: now,
    expiresAt: now,
    decidedAt: now,
    decidedBy: USERS.bob,
    outcome: null,
  };
  const run: RunRecord = {
    id: 'run-00000bench',
    requestId: request.id,
    cluster: plan.cluster,
    status: 'running',
    channel: CHANNEL,
    threadTs: card.ts,
    statusTs: null,
    startedAt: now,
    finishedAt: null,
    summary: null,
  };
  const omnictl = createOmnictl({
    path: CHATTY,
    endpoint: 'https://omni.example',
    serviceAccountKey: 'bench-key-not-secret',
    configDir: mkdtempSync(path.join(tmpdir(), 'omnictl-config-')),
    timeoutMs: 120_000,
    logger,
  });
  const progress = createRunProgress(plan.steps.length);
  const { ts: statusTs } = await notifier.notify({
    kind: 'run-started',
    request,
    plan,
    run,
    steps: progress.steps,
  });
  run.statusTs = statusTs ?? null;
  let lines = 0;
  const result = await runPlan({ omnictl, clock: () => new Date(), sleep: async () => {}, logger }, plan, {
    dryRun: request.dryRun,
    signal: new AbortController().signal,
    onEvent: (event) => {
      if (event.type === 'step-output') lines += 1;
      void notifier.notify({ kind: 'run-progress', request, plan, run, steps: progress.apply(event) });
    },
  });
  const stepsDoneAt = Date.now();
  await notifier.notify({
    kind: 'run-finished',
    request,
    plan,
    run,
    steps: progress.finish(result),
    result,
  });
  return { result, runId: run.id, cardTs: card.ts, statusTs, lines, stepsDoneAt };
}

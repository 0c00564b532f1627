// One bot process, two removal requests in one cluster, and the approval of the first: what the
// SIGKILL fault tests need before they kill the bot inside a chosen step.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACTION } from '../../src/slack/action-ids.js';
import { createStore, type Store } from '../../src/store/create-store.js';
import { createFakeOmni, type FakeOmni, type Fault } from '../fakes/omnictl/fake-omni.js';
import type { StoredMessage } from '../fakes/slack/fake-slack-types.js';
import {
  blockActionsPayload,
  interactionBody,
  postSigned,
  slashCommandBody,
} from '../fakes/slack/slack-requests.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/start-fake-slack.js';
import { requestIdOf, storedMessage } from '../support/approval-flow.js';
import { CHANNEL, SIGNING_SECRET, USERS } from '../support/bot-harness.js';
import { type BotProcess, killProcessesWithEnv, startBotProcess } from '../support/bot-process.js';
import { waitUntil } from '../support/wait-until.js';
import { isOmnictlRunning } from './omnictl-processes.js';

export type KillScenario = {
  slack: FakeSlack;
  omni: FakeOmni;
  stateDb: string;
  store: Store;
  bot: BotProcess;
  running: StoredMessage;
  pending: StoredMessage;
  runningId: string;
  pendingId: string;
  cleanup(): Promise<void>;
};

// Where to stop: faults in place before the approval, faults armed once step 1 runs, and the
// command that must be running when the bot is killed.
export type KillPoint = { before: Fault[]; during: Fault[]; step: number; command: string[] };

async function requestCard(slack: FakeSlack, bot: BotProcess, machineId: string): Promise<StoredMessage> {
  const from = slack.calls.length;
  const body = slashCommandBody({
    text: `delete-clustermachine ${machineId} VM deleted`,
    userId: USERS.alice,
    channelId: CHANNEL,
    responseUrl: slack.responseUrl(),
  });
  await postSigned(bot.eventsUrl, { body, signingSecret: SIGNING_SECRET });
  const call = await slack.waitFor(
    (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
    { from, timeoutMs: 15_000 },
  );
  return storedMessage(slack, call);
}

// Two stuck workers of one generated cluster: one to run (and kill), one left pending.
async function stuckWorkers(omni: FakeOmni): Promise<[string, string]> {
  const stuck = (await omni.readState()).machines.filter((m) => m.role === 'worker' && !m.connected);
  const [running, pending] = stuck.map((m) => m.uuid);
  if (!running || !pending) throw new Error('the generated fleet has fewer than two stuck workers');
  return [running, pending];
}

export async function startKillScenario(): Promise<KillScenario> {
  const slack = await startFakeSlack();
  const omni = await createFakeOmni({ scenario: { machines: 8, stuckRatio: 0.25, clusterSize: 8 } });
  const stateDb = path.join(mkdtempSync(path.join(tmpdir(), 'omni-chatops-sigkill-')), 'state.sqlite');
  const [runningId, pendingId] = await stuckWorkers(omni);
  const bot = await startBotProcess({ slack, omni, stateDb, env: { WATCH_INTERVAL: '0' } });
  const store = await createStore(stateDb);
  const running = await requestCard(slack, bot, runningId);
  const pending = await requestCard(slack, bot, pendingId);
  return {
    slack,
    omni,
    stateDb,
    store,
    bot,
    running,
    pending,
    runningId,
    pendingId,
    async cleanup() {
      bot.child.kill('SIGKILL');
      killProcessesWithEnv(omni.statePath);
      await store.close();
      await slack.close();
      await omni.cleanup();
    },
  };
}

// Approves the first request and SIGKILLs the bot while `point.command` runs in step `point.step`.
export async function approveAndKill(s: KillScenario, point: KillPoint): Promise<void> {
  const stepRow = async (idx: number) => {
    const run = await s.store.runs.forRequest(requestIdOf(s.running));
    return run && (await s.store.runs.steps(run.id)).find((row) => row.idx === idx);
  };
  for (const fault of point.before) await s.omni.injectFault(fault);
  const click = blockActionsPayload({
    actionId: ACTION.approve,
    userId: USERS.bob,
    message: s.running,
    responseUrl: s.slack.responseUrl(),
  });
  await postSigned(s.bot.eventsUrl, { body: interactionBody(click), signingSecret: SIGNING_SECRET });
  if (point.during.length > 0) {
    await waitUntil('step 1 to start', () => stepRow(0));
    for (const fault of point.during) await s.omni.injectFault(fault);
  }
  await waitUntil(`step ${point.step} to start`, () => stepRow(point.step - 1));
  await waitUntil(`${point.command.join(' ')} to run`, () => isOmnictlRunning(point.command) || undefined);
  s.bot.child.kill('SIGKILL');
  await s.bot.child;
  // The hung omnictl outlives the bot; it would still hold its fault.
  killProcessesWithEnv(s.omni.statePath);
  await s.omni.update((state) => {
    state.faults = [];
  });
}

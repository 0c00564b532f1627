import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
import { mutatingCalls, requestIdOf, storedMessage, waitForSummary } from '../support/approval-flow.js';
import { CHANNEL, type Harness, SIGNING_SECRET, startHarness, USERS } from '../support/bot-harness.js';
import { type BotProcess, killProcessesWithEnv, startBotProcess } from '../support/bot-process.js';
import { isOmnictlRunning } from './omnictl-processes.js';
import { waitUntil } from './wait-until.js';

let slack: FakeSlack | undefined;
let omni: FakeOmni | undefined;
let bot: BotProcess | undefined;
let harness: Harness | undefined;
let store: Store | undefined;

afterEach(async () => {
  bot?.child.kill('SIGKILL');
  if (omni) killProcessesWithEnv(omni.statePath);
  store?.close();
  await harness?.stop({ keepFakes: true });
  await slack?.close();
  await omni?.cleanup();
  bot = harness = slack = omni = store = undefined;
});

// The removal plan: 1 runbook delete, 2 Link removal, 3 wait until gone (polls), 4 verify (get machines).
type Case = {
  step: number;
  title: RegExp;
  // Faults in place before the approval (the re-plan reads must not meet them).
  before: (id: string) => Fault[];
  // Faults armed while step 1 is held, for steps whose command the re-plan also runs.
  during: Fault[];
  // The command the bot is killed in.
  hung: (id: string) => string[];
};

const HOLD_STEP_1 = (id: string): Fault => ({
  match: ['delete', 'clustermachines', id],
  delayMs: 1_500,
  times: 1,
});

const CASES: Case[] = [
  {
    step: 1,
    title: /Delete the ClusterMachine \(runbook step\)/,
    before: (id) => [{ match: ['delete', 'clustermachines', id], hang: true }],
    during: [],
    hung: (id) => ['delete', 'clustermachines', id],
  },
  {
    step: 2,
    title: /Remove the machine's Link/,
    before: (id) => [{ match: ['cluster', 'machine', 'delete', id], hang: true }],
    during: [],
    hung: (id) => ['cluster', 'machine', 'delete', id],
  },
  {
    step: 3,
    title: /Wait until the ClusterMachine and Machine are gone/,
    before: (id) => [HOLD_STEP_1(id)],
    during: [{ match: ['get', 'clustermachines'], hang: true }],
    hung: () => ['get', 'clustermachines'],
  },
  {
    step: 4,
    title: /Verify with the runbook’s check/,
    before: (id) => [HOLD_STEP_1(id)],
    // Step 3's own `get machines` passes (the first fault is used up), step 4's hangs.
    during: [
      { match: ['get', 'machines'], delayMs: 1, times: 1 },
      { match: ['get', 'machines'], hang: true },
    ],
    hung: () => ['get', 'machines'],
  },
];

async function requestCard(machineId: string): Promise<StoredMessage> {
  const from = slack!.calls.length;
  const body = slashCommandBody({
    text: `delete-clustermachine ${machineId} VM deleted`,
    userId: USERS.alice,
    channelId: CHANNEL,
    responseUrl: slack!.responseUrl(),
  });
  await postSigned(bot!.eventsUrl, { body, signingSecret: SIGNING_SECRET });
  const call = await slack!.waitFor(
    (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
    { from, timeoutMs: 15_000 },
  );
  return storedMessage(slack!, call);
}

// Two stuck workers of one generated cluster: one to run (and kill), one left pending.
async function stuckWorkers(fake: FakeOmni): Promise<[string, string]> {
  const stuck = (await fake.readState()).machines.filter((m) => m.role === 'worker' && !m.connected);
  const [running, pending] = stuck.map((m) => m.uuid);
  if (!running || !pending) throw new Error('the generated fleet has fewer than two stuck workers');
  return [running, pending];
}

describe('the bot killed with SIGKILL at each step of a run in turn', () => {
  it.each(CASES)(
    'step $step: interrupted in its thread, nothing run twice, the pending request still runs',
    {
      timeout: 90_000,
    },
    async ({ step, title, before, during, hung }) => {
      slack = await startFakeSlack();
      omni = await createFakeOmni({ scenario: { machines: 8, stuckRatio: 0.25, clusterSize: 8 } });
      const [runningId, pendingId] = await stuckWorkers(omni);
      const stateDb = path.join(mkdtempSync(path.join(tmpdir(), 'omni-chatops-sigkill-')), 'state.sqlite');
      bot = await startBotProcess({ slack, omni, stateDb, env: { WATCH_INTERVAL: '0' } });
      const running = await requestCard(runningId);
      const pending = await requestCard(pendingId);
      for (const fault of before(runningId)) await omni.injectFault(fault);
      store = createStore(stateDb);
      const stepRow = (idx: number) => {
        const run = store!.runs.forRequest(requestIdOf(running));
        return run && store!.runs.steps(run.id).find((s) => s.idx === idx);
      };

      const click = blockActionsPayload({
        actionId: ACTION.approve,
        userId: USERS.bob,
        message: running,
        responseUrl: slack.responseUrl(),
      });
      await postSigned(bot.eventsUrl, { body: interactionBody(click), signingSecret: SIGNING_SECRET });
      if (during.length > 0) {
        await waitUntil('step 1 to start', () => stepRow(0));
        for (const fault of during) await omni.injectFault(fault);
      }
      await waitUntil(`step ${step} to start`, () => stepRow(step - 1));
      await waitUntil(
        `the command of step ${step} to run`,
        () => isOmnictlRunning(hung(runningId)) || undefined,
      );
      const auditBeforeKill = store.audit.all();
      bot.child.kill('SIGKILL');
      await bot.child;
      killProcessesWithEnv(omni.statePath);
      await omni.update((state) => {
        state.faults = [];
      });
      const logAtKill = (await omni.readLog()).length;

      harness = await startHarness({ slack, omni, stateDb });
      const notice = await slack.waitFor(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.params.thread_ts === running.ts &&
          String(c.params.text).includes('was interrupted'),
        { timeoutMs: 15_000 },
      );

      const noticeText = JSON.stringify(notice.params.blocks);
      expect(noticeText).toMatch(
        new RegExp(`${step}\\. ${title.source}[^\\\\]*: interrupted; it may or may not have taken effect`),
      );
      expect(store.requests.get(requestIdOf(running))?.status).toBe('interrupted');
      const steps = store.runs.steps(store.runs.forRequest(requestIdOf(running))!.id);
      expect(steps.map((s) => s.idx)).toEqual(Array.from({ length: step }, (_, i) => i));
      expect(steps.at(-1)?.status).toBe('interrupted');
      // No audit row lost: what was there at the kill is still there, unchanged, and the interruption follows.
      const auditAfter = store.audit.all();
      expect(auditAfter.slice(0, auditBeforeKill.length)).toEqual(auditBeforeKill);
      expect(auditAfter.slice(auditBeforeKill.length).map((e) => e.action)).toContain('run.interrupted');
      // Nothing of the interrupted run ran again after the restart, and no command of it ran twice.
      const log = await omni.readLog();
      expect(log.slice(logAtKill).filter((e) => e.argv.includes(runningId))).toEqual([]);
      const runningCommands = mutatingCalls(log).filter((line) => line.includes(runningId));
      expect(new Set(runningCommands).size).toBe(runningCommands.length);

      // The pending request is still approvable, on the same cluster: the lock went with the dead run.
      const logBefore = (await omni.readLog()).length;
      await harness.click(pending, ACTION.approve, { userId: USERS.bob });
      const summary = await waitForSummary(harness, pending);

      expect(String(summary.params.text)).toContain('Succeeded');
      expect(mutatingCalls((await omni.readLog()).slice(logBefore))).toEqual([
        `delete clustermachines ${pendingId}`,
        `cluster machine delete ${pendingId} --force -y`,
      ]);
    },
  );
});

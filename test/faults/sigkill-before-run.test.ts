import { describe, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { blockActionsPayload, interactionBody, postSigned } from '../fakes/slack/slack-requests.js';
import { mutatingCalls, requestIdOf, waitForSummary } from '../support/approval-flow.js';
import { type Harness, SIGNING_SECRET, startHarness, USERS } from '../support/bot-harness.js';
import { killProcessesWithEnv } from '../support/bot-process.js';
import { waitUntil } from '../support/wait-until.js';
import { startKillScenario } from './kill-scenario.js';
import { isOmnictlRunning } from './omnictl-processes.js';

// The approval's re-plan reads the fleet again; this read is the last thing before the run starts.
const REPLAN_READ = ['get', 'clustermachinestatuses'];

describe('the bot killed with SIGKILL between the approval claim and the run', () => {
  it('leaves no lock after a restart: the thread says it was released, the cluster can be approved again', {
    timeout: 120_000,
  }, async ({ expect, onTestFinished }) => {
    const s = await startKillScenario();
    let harness: Harness | undefined;
    onTestFinished(async () => {
      await harness?.stop({ keepFakes: true });
      await s.cleanup();
    });
    const requestId = requestIdOf(s.running);
    const cluster = (await s.store.requests.get(requestId))?.cluster;
    expect(cluster).toBeTruthy();

    // The request is made; now the approval's re-plan hangs, after the claim took the lock.
    await s.omni.injectFault({ match: REPLAN_READ, hang: true });
    const click = blockActionsPayload({
      actionId: ACTION.approve,
      userId: USERS.bob,
      message: s.running,
      responseUrl: s.slack.responseUrl(),
    });
    await postSigned(s.bot.eventsUrl, { body: interactionBody(click), signingSecret: SIGNING_SECRET });
    await waitUntil('the claim to take the lock', async () => (await s.store.locks.all())[0]);
    await waitUntil(
      'the re-plan to read',
      () => isOmnictlRunning(REPLAN_READ, s.omni.statePath) || undefined,
    );
    s.bot.child.kill('SIGKILL');
    await s.bot.child;
    killProcessesWithEnv(s.omni.statePath);
    await s.omni.update((state) => {
      state.faults = [];
    });
    expect((await s.store.locks.all()).map((lock) => lock.cluster)).toEqual([cluster]);
    expect((await s.store.requests.get(requestId))?.status).toBe('approved');
    const logAtKill = (await s.omni.readLog()).length;

    harness = await startHarness({ slack: s.slack, omni: s.omni, stateDb: s.stateDb });
    const notice = await s.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === s.running.ts &&
        String(c.params.text).includes('was released'),
      { timeoutMs: 15_000 },
    );

    expect(String(notice.params.text)).toMatch(
      new RegExp(`^The lock on cluster ${cluster} was released: its run \`run-[0-9a-f]{12}\` never started`),
    );
    expect(await s.store.locks.all()).toEqual([]);
    expect((await s.store.requests.get(requestId))?.status).toBe('interrupted');
    expect((await s.store.runs.forRequest(requestId))?.status).toBe('interrupted');
    expect((await s.store.audit.all()).at(-1)).toMatchObject({ action: 'lock.released', requestId });
    const card = s.slack.channelMessages(s.running.channel).find((m) => m.ts === s.running.ts);
    expect(JSON.stringify(card?.blocks)).toContain(`The lock on cluster ${cluster} was released`);
    expect(JSON.stringify(card?.blocks)).not.toContain(ACTION.approve);

    // The cluster is free: the pending request on it is approved and runs; the killed one never ran.
    await harness.click(s.pending, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, s.pending);

    expect(String(summary.params.text)).toContain('Succeeded');
    const log = await s.omni.readLog();
    expect(mutatingCalls(log).filter((line) => line.includes(s.runningId))).toEqual([]);
    expect(mutatingCalls(log.slice(logAtKill))).toEqual([
      `delete clustermachines ${s.pendingId}`,
      `cluster machine delete ${s.pendingId} --force -y`,
    ]);
  });
});

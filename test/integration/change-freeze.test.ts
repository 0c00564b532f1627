import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { createStore } from '../../src/store/create-store.js';
import {
  mutatingCalls,
  nextResponse,
  requestCard,
  requestIdOf,
  W3,
  waitForSummary,
} from '../support/approval-flow.js';
import { type Harness, INCIDENTS, startHarness, USERS } from '../support/bot-harness.js';
import { readStateDb } from '../support/read-state-db.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const RUNBOOK_DELETE = `delete clustermachines ${W3}`;

// `/omni <text>` as `userId`; the answer only they see.
async function say(h: Harness, text: string, userId: string) {
  const from = h.slack.responses.length;
  await h.command(text, { userId });
  return nextResponse(h, from);
}

function runCount(stateDb: string): number {
  return readStateDb<{ n: number }>(stateDb, 'SELECT COUNT(*) AS n FROM runs')[0]!.n;
}

// Resolves once the request's run has written its `count`th step as started (that step is running).
async function stepStarted(stateDb: string, requestId: string, count = 1): Promise<void> {
  const store = await createStore(stateDb);
  try {
    for (let i = 0; i < 250; i += 1) {
      const run = await store.runs.forRequest(requestId);
      if (run && (await store.runs.steps(run.id)).length >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the run never started a step');
  } finally {
    await store.close();
  }
}

describe('the change freeze', () => {
  it('frozen: a request gets a card saying so, and 50 concurrent clicks run nothing', async () => {
    const approvers = Array.from({ length: 50 }, (_, i) => `U0APPR${String(i).padStart(2, '0')}`);
    harness = await startHarness({ env: { APPROVERS: [USERS.bob, ...approvers].join(',') } });
    const h = harness;
    const frozen = await say(h, 'freeze release 2.4 in progress', USERS.bob);
    expect(String(frozen.body.text)).toContain('Changes are frozen');
    await h.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.channel === INCIDENTS &&
        /frozen/.test(String(c.params.text)),
    );

    const card = await requestCard(h);
    expect(JSON.stringify(card.blocks)).toMatch(/Changes are frozen.*<@U0BOB>.*release 2.4 in progress/);
    const from = h.slack.responses.length;
    const clicks = await Promise.all(approvers.map((userId) => h.click(card, ACTION.approve, { userId })));
    for (let i = 0; i < 50; i += 1) await nextResponse(h, from + i);

    expect(clicks.every((c) => c.status === 200)).toBe(true);
    const answers = h.slack.responses.slice(from).map((r) => String(r.body.text));
    expect(answers).toHaveLength(50);
    expect(answers.every((text) => text.includes('Changes are frozen'))).toBe(true);
    expect(mutatingCalls(await h.omniLog())).toEqual([]);
    expect(runCount(h.stateDb)).toBe(0);
    const store = await createStore(h.stateDb);
    expect((await store.requests.get(requestIdOf(card)))?.status).toBe('pending');
    expect((await store.audit.all()).filter((e) => e.action === 'freeze')).toMatchObject([
      { actor: USERS.bob, detail: { reason: 'release 2.4 in progress' } },
    ]);
    await store.close();
  });

  it('edits a pending card when frozen, and again when another approver unfreezes; the one who froze may not', async () => {
    harness = await startHarness();
    const h = harness;
    const card = await requestCard(h);

    await say(h, 'freeze suspected compromise', USERS.bob);
    await h.slack.waitFor(
      (c) =>
        c.method === 'chat.update' &&
        c.params.ts === card.ts &&
        /Changes are frozen/.test(JSON.stringify(c.params.blocks)),
    );
    const self = await say(h, 'unfreeze', USERS.bob);
    const notApprover = await say(h, 'unfreeze', USERS.alice);

    expect(String(self.body.text)).toContain('another approver must unfreeze');
    expect(String(notApprover.body.text)).toContain('Only approvers');
    const stillFrozen = await say(h, 'help', USERS.alice);
    expect(JSON.stringify(stillFrozen.body.blocks)).toContain('Changes are frozen');

    const unfrozen = await say(h, 'unfreeze', USERS.dave);
    expect(String(unfrozen.body.text)).toContain('Changes unfrozen');
    await h.slack.waitFor(
      (c) =>
        c.method === 'chat.update' &&
        c.params.ts === card.ts &&
        !/Changes are frozen/.test(JSON.stringify(c.params.blocks)),
    );
    await h.click(card, ACTION.approve, { userId: USERS.bob });
    expect(String((await waitForSummary(h, card)).params.text)).toContain('Succeeded');
    const store = await createStore(h.stateDb);
    expect((await store.audit.all()).map((e) => e.action)).toContain('unfreeze');
    await store.close();
  });

  it('with ALLOW_SELF_APPROVAL=true the approver who froze may unfreeze', async () => {
    harness = await startHarness({ env: { ALLOW_SELF_APPROVAL: 'true' } });
    await say(harness, 'freeze investigating', USERS.bob);
    const unfrozen = await say(harness, 'unfreeze', USERS.bob);
    expect(String(unfrozen.body.text)).toContain('Changes unfrozen');
  });

  it('/omni status and /readyz show the freeze; read-only reports go on', async () => {
    harness = await startHarness();
    const h = harness;
    const before = (await (await fetch(`http://127.0.0.1:${h.bot.port}/readyz`)).json()) as {
      freeze: unknown;
    };
    expect(before.freeze).toEqual({ frozen: false });
    await say(h, 'freeze investigating the provider', USERS.bob);

    const from = h.slack.calls.length;
    await h.command('status', { userId: USERS.alice });
    const status = await h.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && JSON.stringify(c.params.blocks).includes('Fleet status'),
      { from },
    );
    const ready = (await (await fetch(`http://127.0.0.1:${h.bot.port}/readyz`)).json()) as {
      freeze: unknown;
    };

    expect(JSON.stringify(status.params.blocks)).toMatch(/Changes are frozen.*investigating the provider/);
    expect(JSON.stringify(status.params.blocks)).toContain('Clusters');
    expect(ready.freeze).toEqual({ frozen: true, by: USERS.bob, since: '2026-08-22T09:30:00.000Z' });
  });

  it('is still frozen after a restart on the same STATE_DB', async () => {
    const first = await startHarness();
    await say(first, 'freeze before the restart', USERS.bob);
    const card = await requestCard(first);
    await first.stop({ keepFakes: true });
    harness = await startHarness({ slack: first.slack, omni: first.omni, stateDb: first.stateDb });
    const from = harness.slack.responses.length;

    await harness.click(card, ACTION.approve, { userId: USERS.dave });
    const answer = await nextResponse(harness, from);

    expect(String(answer.body.text)).toContain('before the restart');
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);
    expect(runCount(harness.stateDb)).toBe(0);
  });

  it('FREEZE_ON_START=true starts frozen, and says so in the incident channel', async () => {
    harness = await startHarness({ env: { FREEZE_ON_START: 'true' } });
    await harness.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.channel === INCIDENTS &&
        /frozen/.test(String(c.params.text)),
    );
    const card = await requestCard(harness);
    const from = harness.slack.responses.length;
    await harness.click(card, ACTION.approve, { userId: USERS.bob });

    expect(String((await nextResponse(harness, from)).body.text)).toContain('FREEZE_ON_START');
    expect(runCount(harness.stateDb)).toBe(0);
  });

  it('a run frozen mid-way finishes its current step, stops before the next, and says why', async () => {
    harness = await startHarness();
    const h = harness;
    // The first step answers as Omni does (read-only), slowly enough to freeze while it runs.
    await h.omni.injectFault({
      match: ['delete', 'clustermachines'],
      exitCode: 1,
      stderr: 'Error: rpc error: code = PermissionDenied desc = only read access is permitted\n',
      delayMs: 1_500,
      times: 1,
    });
    const card = await requestCard(h);
    await h.click(card, ACTION.approve, { userId: USERS.bob });
    await stepStarted(h.stateDb, requestIdOf(card));
    await say(h, 'freeze stop everything', USERS.dave);
    const summary = String((await waitForSummary(h, card)).params.text);

    expect(summary).toContain('Stopped by the change freeze before step 2');
    expect(summary).toContain('stop everything');
    expect(mutatingCalls(await h.omniLog())).toEqual([RUNBOOK_DELETE]);
    const store = await createStore(h.stateDb);
    const run = await store.runs.forRequest(requestIdOf(card));
    expect((await store.runs.steps(run!.id)).map((s) => s.status)).toEqual(['refused-expected']);
    expect(await store.locks.all()).toEqual([]);
    await store.close();
  });

  it('refuses to resume an interrupted run while frozen, so it stays resumable', {
    timeout: 60_000,
  }, async () => {
    const first = await startHarness({ overrides: { shutdownGraceMs: 200 } });
    // The Link removal hangs: the stop interrupts the run during step 2.
    await first.omni.injectFault({ match: ['cluster', 'machine', 'delete'], hang: true });
    const card = await requestCard(first);
    await first.click(card, ACTION.approve, { userId: USERS.bob });
    await stepStarted(first.stateDb, requestIdOf(card), 2);
    await first.stop({ keepFakes: true });
    await first.omni.update((state) => {
      state.faults = [];
    });
    harness = await startHarness({ slack: first.slack, omni: first.omni, stateDb: first.stateDb });
    const h = harness;
    const offer = h.slack
      .thread(card.channel, card.ts)
      .find((m) => JSON.stringify(m.blocks ?? []).includes(ACTION.resumeRun));
    // The restart offered to resume the run in its thread.
    expect(JSON.stringify(offer?.blocks ?? [])).toContain(ACTION.resumeRun);
    await say(h, 'freeze hold everything', USERS.bob);
    const from = h.slack.responses.length;

    await h.click(offer!, ACTION.resumeRun, { userId: USERS.dave });
    const answer = String((await nextResponse(h, from)).body.text);

    expect(answer).toContain('Changes are frozen');
    expect(runCount(h.stateDb)).toBe(1);
    const store = await createStore(h.stateDb);
    expect((await store.runs.forRequest(requestIdOf(card)))?.status).toBe('interrupted');
    await store.close();
  });
});

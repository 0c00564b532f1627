import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, VIEW } from '../../src/slack/action-ids.js';
import { createStore } from '../../src/store/create-store.js';
import { createFakeOmni, type FakeOmni } from '../fakes/omnictl/fake-omni.js';
import type { StoredMessage } from '../fakes/slack/fake-slack-types.js';
import {
  blockActionsPayload,
  interactionBody,
  postSigned,
  slashCommandBody,
  viewSubmissionPayload,
} from '../fakes/slack/slack-requests.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/start-fake-slack.js';
import { nextResponse, storedMessage } from '../support/approval-flow.js';
import {
  CHANNEL,
  FIXED_TEMPLATE,
  type Harness,
  SIGNING_SECRET,
  startHarness,
  USERS,
} from '../support/bot-harness.js';
import { type BotProcess, killProcessesWithEnv, startBotProcess } from '../support/bot-process.js';

// Issue #22 points 1 and 2: an approved plan outlives the bot that ran it.
let harness: Harness | undefined;
let fakes: { slack: FakeSlack; omni: FakeOmni } | undefined;
afterEach(async () => {
  await harness?.stop({ keepFakes: true });
  await fakes?.slack.close();
  await fakes?.omni.cleanup();
  harness = fakes = undefined;
});

const options = { scenario: 'healthy' as const, templates: { 'talos-prod': FIXED_TEMPLATE } };

async function requestAndApproveRecovery(h: Harness): Promise<StoredMessage> {
  const from = h.slack.calls.length;
  await h.command('recover-cluster talos-prod', { userId: USERS.alice });
  const modal = await h.slack.waitFor('views.open');
  await h.submitView(
    VIEW.recoverCluster,
    { name: 'talos-prod', reason: 'etcd lost' },
    {
      userId: USERS.alice,
      privateMetadata: (modal.params.view as { private_metadata: string }).private_metadata,
    },
  );
  const card = storedMessage(
    h.slack,
    await h.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
      { from, timeoutMs: 10_000 },
    ),
  );
  await h.click(card, ACTION.approve, { userId: USERS.bob });
  await h.click(card, ACTION.approve, { userId: USERS.dave });
  return card;
}

function threadWithResume(slack: FakeSlack, card: StoredMessage): StoredMessage | undefined {
  return slack
    .thread(CHANNEL, card.ts)
    .find((m) => JSON.stringify(m.blocks ?? []).includes(ACTION.resumeRun));
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const argvs = async (omni: FakeOmni) => (await omni.readLog()).map((e) => e.argv.join(' '));

describe('resuming a recover-cluster run stopped after its delete step', () => {
  it('SIGTERM (the bot stops): the thread offers Resume with the remaining steps; one approver’s click (of two) finishes it once; the cluster is back', {
    timeout: 90_000,
  }, async () => {
    harness = await startHarness({ ...options, overrides: { shutdownGraceMs: 200 } });
    fakes = { slack: harness.slack, omni: harness.omni };
    await harness.omni.update((state) => {
      state.provisionGets = 0;
    });
    // The wait after the delete hangs: the stop finds the run between the delete and the redeploy.
    await harness.omni.injectFault({ match: ['-l', 'omni.sidero.dev/cluster=talos-prod'], hang: true });
    const card = await requestAndApproveRecovery(harness);
    // The delete has run (the status message says what a cancel leaves) and the wait hangs.
    await harness.slack.waitFor(
      (c) =>
        c.method === 'chat.update' &&
        /Only an approver can cancel now/.test(JSON.stringify(c.params.blocks)) &&
        /:hourglass_flowing_sand: 3\./.test(JSON.stringify(c.params.blocks)),
      { timeoutMs: 10_000 },
    );
    const stateDb = harness.stateDb;
    await harness.stop({ keepFakes: true });
    harness = undefined;

    const offer = await waitFor('the Resume button', () => threadWithResume(fakes!.slack, card));
    const offered = JSON.stringify(
      (offer.blocks as { text?: { text?: string } }[]).find((b) => b.text?.text?.startsWith('*Resume*')),
    );
    expect(JSON.stringify(offer.blocks)).toContain('Resume from step 3');
    expect(offered).toContain('Wait until no machine of the cluster is left');
    expect(offered).toContain('Redeploy: sync the template');
    expect(offered).not.toMatch(/\d\. Delete the cluster/);

    await fakes.omni.update((state) => {
      state.faults = [];
    });
    harness = await startHarness({ ...options, slack: fakes.slack, omni: fakes.omni, stateDb });
    const responses = harness.slack.responses.length;
    // The requester (no approver) may not resume; two approvers click at once: it runs once.
    await harness.click(offer, ACTION.resumeRun, { userId: USERS.alice });
    expect(String((await nextResponse(harness, responses)).body.text)).toContain('resuming needs one');
    await Promise.all([
      harness.click(offer, ACTION.resumeRun, { userId: USERS.bob }),
      harness.click(offer, ACTION.resumeRun, { userId: USERS.dave }),
    ]);
    const summary = await harness.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === card.ts &&
        String(c.params.text).includes('Succeeded'),
      { timeoutMs: 30_000 },
    );

    expect(JSON.stringify(summary.params.blocks)).toContain('Redeploy: sync the template');
    const log = await argvs(fakes.omni);
    expect(log.filter((a) => a.startsWith('cluster template delete'))).toHaveLength(1);
    expect(log.filter((a) => a.startsWith('cluster template sync'))).toHaveLength(1);
    expect(log.filter((a) => a.startsWith('cluster template status'))).toHaveLength(1);
    const state = await fakes.omni.readState();
    const clusters = Object.entries(state.resources)
      .filter(([type]) => type.startsWith('Clusters.'))
      .flatMap(([, list]) => list.map((r) => r.metadata.id));
    expect(clusters).toContain('talos-prod');
    const told = harness.slack.responses.slice(responses).map((r) => String(r.body.text));
    expect(told.filter((t) => t.includes('already resumed'))).toHaveLength(1);

    // Point 2: the resumed wait kept the deadline the first wait stored, rather than starting over.
    const store = await createStore(stateDb);
    try {
      const requests = await store.requests.recent(10);
      const runs = (await Promise.all(requests.map((r) => store.runs.forRequest(r.id)))).filter(
        (r) => r !== undefined,
      );
      const first = runs.find((r) => r.status === 'interrupted');
      const resumed = runs.find((r) => r.status === 'succeeded');
      const firstWait = (await store.runs.steps(first!.id)).find((row) => row.idx === 2);
      const resumedWait = (await store.runs.steps(resumed!.id)).find((row) => row.idx === 0);
      expect(firstWait?.deadline).toBeTruthy();
      expect(resumedWait?.deadline).toBe(firstWait?.deadline);
    } finally {
      await store.close();
    }
  });

  it('a remaining step already done in Omni resumes as "already done" without running it, a week later (its snapshot kept)', {
    timeout: 90_000,
  }, async () => {
    harness = await startHarness({ ...options, overrides: { shutdownGraceMs: 200 } });
    fakes = { slack: harness.slack, omni: harness.omni };
    await harness.omni.update((state) => {
      state.provisionGets = 0;
    });
    // The bot stops while the delete itself runs; someone then deletes the cluster by hand.
    await harness.omni.injectFault({ match: ['cluster', 'template', 'delete'], hang: true, times: 1 });
    const card = await requestAndApproveRecovery(harness);
    await harness.slack.waitFor(
      (c) =>
        c.method === 'chat.update' && /:hourglass_flowing_sand: 2\./.test(JSON.stringify(c.params.blocks)),
      { timeoutMs: 10_000 },
    );
    const stateDb = harness.stateDb;
    const template = path.join(harness.templatesDir, 'talos-prod.yaml');
    await harness.stop({ keepFakes: true });
    harness = undefined;
    const offer = await waitFor('the Resume button', () => threadWithResume(fakes!.slack, card));
    expect(JSON.stringify(offer.blocks)).toContain('Resume from step 2');
    await execa(fakes.omni.path, ['cluster', 'template', 'delete', '-f', template], {
      env: fakes.omni.env,
    });
    const deletes = (await argvs(fakes.omni)).filter((a) => a.startsWith('cluster template delete')).length;

    harness = await startHarness({ ...options, slack: fakes.slack, omni: fakes.omni, stateDb });
    // A week on, the snapshot sweep keeps the snapshot the interrupted request may still resume from.
    harness.clock.advance(8 * 24 * 3_600_000);
    await harness.bot.sweep();
    await harness.click(offer, ACTION.resumeRun, { userId: USERS.bob });
    const summary = await harness.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === card.ts &&
        String(c.params.text).includes('Succeeded'),
      { timeoutMs: 30_000 },
    );

    expect(JSON.stringify(summary.params.blocks)).toContain(
      'Already done: Omni has no cluster talos-prod any more.',
    );
    const log = await argvs(fakes.omni);
    expect(log.filter((a) => a.startsWith('cluster template delete'))).toHaveLength(deletes);
    expect(log.filter((a) => a.startsWith('cluster template sync'))).toHaveLength(1);
  });
});

describe('a resume that the approved plan no longer covers', () => {
  it('is refused when the template snapshot no longer holds what was approved; nothing runs', {
    timeout: 90_000,
  }, async () => {
    harness = await startHarness({ ...options, overrides: { shutdownGraceMs: 200 } });
    fakes = { slack: harness.slack, omni: harness.omni };
    await harness.omni.update((state) => {
      state.provisionGets = 0;
    });
    await harness.omni.injectFault({ match: ['-l', 'omni.sidero.dev/cluster=talos-prod'], hang: true });
    const card = await requestAndApproveRecovery(harness);
    await harness.slack.waitFor(
      (c) =>
        c.method === 'chat.update' && /:hourglass_flowing_sand: 3\./.test(JSON.stringify(c.params.blocks)),
      { timeoutMs: 10_000 },
    );
    const stateDb = harness.stateDb;
    await harness.stop({ keepFakes: true });
    harness = undefined;
    const offer = await waitFor('the Resume button', () => threadWithResume(fakes!.slack, card));
    await fakes.omni.update((state) => {
      state.faults = [];
    });
    const snapshots = path.join(path.dirname(stateDb), 'snapshots');
    const [hash] = readdirSync(snapshots).filter((name) => /^[0-9a-f]{64}$/.test(name));
    const copy = path.join(snapshots, hash ?? '', 'clusters', 'talos-prod.yaml');
    chmodSync(copy, 0o600);
    writeFileSync(copy, `${readFileSync(copy, 'utf8')}\n# edited by hand\n`);
    const before = (await argvs(fakes.omni)).length;

    harness = await startHarness({ ...options, slack: fakes.slack, omni: fakes.omni, stateDb });
    const from = harness.slack.responses.length;
    await harness.click(offer, ACTION.resumeRun, { userId: USERS.bob });

    expect(String((await nextResponse(harness, from)).body.text)).toContain(
      'The template snapshot this plan was approved with no longer holds what was approved',
    );
    const after = (await argvs(fakes.omni)).slice(before);
    expect(after.filter((a) => a.startsWith('cluster template'))).toEqual([]);
  });
});

describe('resuming after SIGKILL', () => {
  let bot: BotProcess | undefined;
  afterEach(() => {
    bot?.child.kill('SIGKILL');
    if (fakes) killProcessesWithEnv(fakes.omni.statePath);
    bot = undefined;
  });

  it('a recover-cluster killed after its delete step: after the restart the thread offers Resume; one approver finishes it once; the cluster is back', {
    timeout: 120_000,
  }, async () => {
    const slack = await startFakeSlack();
    const omni = await createFakeOmni({ scenario: 'healthy' });
    fakes = { slack, omni };
    await omni.update((state) => {
      state.provisionGets = 0;
    });
    await omni.injectFault({ match: ['-l', 'omni.sidero.dev/cluster=talos-prod'], hang: true });
    const stateDb = path.join(mkdtempSync(path.join(tmpdir(), 'omni-chatops-resume-')), 'state.sqlite');
    const templatesDir = path.join(path.dirname(stateDb), 'clusters');
    mkdirSync(templatesDir, { recursive: true });
    writeFileSync(path.join(templatesDir, 'talos-prod.yaml'), FIXED_TEMPLATE);
    bot = await startBotProcess({
      slack,
      omni,
      stateDb,
      env: { CLUSTER_TEMPLATES_DIR: templatesDir, WATCH_INTERVAL: '0' },
    });
    const signed = (body: string) => postSigned(bot!.eventsUrl, { body, signingSecret: SIGNING_SECRET });
    await signed(
      slashCommandBody({
        text: 'recover-cluster talos-prod',
        userId: USERS.alice,
        channelId: CHANNEL,
        responseUrl: slack.responseUrl(),
      }),
    );
    const modal = await slack.waitFor('views.open', { timeoutMs: 15_000 });
    await signed(
      interactionBody(
        viewSubmissionPayload({
          callbackId: VIEW.recoverCluster,
          userId: USERS.alice,
          privateMetadata: (modal.params.view as { private_metadata: string }).private_metadata,
          values: {
            name: { value: { type: 'plain_text_input', value: 'talos-prod' } },
            reason: { value: { type: 'plain_text_input', value: 'etcd lost' } },
          },
        }),
      ),
    );
    const card = storedMessage(
      slack,
      await slack.waitFor(
        (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
        { timeoutMs: 15_000 },
      ),
    );
    for (const userId of [USERS.bob, USERS.dave])
      await signed(
        interactionBody(
          blockActionsPayload({
            actionId: ACTION.approve,
            userId,
            message: card,
            responseUrl: slack.responseUrl(),
          }),
        ),
      );
    await slack.waitFor(
      (c) =>
        c.method === 'chat.update' &&
        /Only an approver can cancel now/.test(JSON.stringify(c.params.blocks)) &&
        /:hourglass_flowing_sand: 3\./.test(JSON.stringify(c.params.blocks)),
      { timeoutMs: 20_000 },
    );
    bot.child.kill('SIGKILL');
    await bot.child;
    bot = undefined;
    killProcessesWithEnv(omni.statePath);
    await omni.update((state) => {
      state.faults = [];
    });

    harness = await startHarness({ ...options, slack, omni, stateDb });
    const offer = await waitFor('the Resume button', () => threadWithResume(slack, card));
    expect(JSON.stringify(offer.blocks)).toContain('Resume from step 3');
    await harness.click(offer, ACTION.resumeRun, { userId: USERS.dave });
    await harness.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === card.ts &&
        String(c.params.text).includes('Succeeded'),
      { timeoutMs: 30_000 },
    );

    const log = await argvs(omni);
    expect(log.filter((a) => a.startsWith('cluster template delete'))).toHaveLength(1);
    expect(log.filter((a) => a.startsWith('cluster template sync'))).toHaveLength(1);
    const state = await omni.readState();
    expect(
      Object.entries(state.resources)
        .filter(([type]) => type.startsWith('Clusters.'))
        .flatMap(([, list]) => list.map((r) => r.metadata.id)),
    ).toContain('talos-prod');
  });
});

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, VIEW } from '../../src/slack/action-ids.js';
import { createStore } from '../../src/store/create-store.js';
import { mutatingCalls, nextResponse, storedMessage, W3, waitForSummary } from '../support/approval-flow.js';
import {
  BROKEN_TEMPLATE,
  CHANNEL,
  FIXED_TEMPLATE,
  type Harness,
  startHarness,
  USERS,
} from '../support/bot-harness.js';

const W1 = '1e7f9a3b-5c2d-4b68-8e0f-a3c6d9b2e574';
const W2 = '6a4c8e2f-0b7d-4f19-93a5-d8e1c7b4f026';
const FORBIDDEN_LINE = 29;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function post(h: Harness, text: string) {
  const from = h.slack.calls.length;
  await h.command(text);
  return storedMessage(h.slack, await h.slack.waitFor('chat.postMessage', { from, timeoutMs: 10_000 }));
}

function cardAfter(h: Harness, from: number) {
  return h.slack
    .waitFor((c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'), {
      from,
      timeoutMs: 10_000,
    })
    .then((call) => storedMessage(h.slack, call));
}

describe('/omni reboot-loop', () => {
  it('names the forbidden label with file and line and the affected worker; offers the re-sync only once the template is fixed', async () => {
    harness = await startHarness();

    const report = await post(harness, 'reboot-loop talos-prod');
    const blocks = JSON.stringify(report.blocks);

    expect(blocks).toContain(
      `\`node-role.kubernetes.io/worker\` at clusters/talos-prod.yaml:${FORBIDDEN_LINE}`,
    );
    expect(blocks).toContain('patch `worker-labels`');
    expect(blocks).toContain('talos-prod-workers-k9tx4b');
    expect(blocks).toContain(W2);
    expect(blocks).toContain('omni.sidero.dev/role: worker');
    expect(blocks).not.toContain(W1);

    // The fix would be refused while the template holds the label: no button until it is fixed.
    expect(blocks).not.toContain(ACTION.requestLabelFix);
    expect(blocks).toContain(
      'the button to remove the affected nodes and re-sync appears once the template on disk is fixed',
    );
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);

    writeFileSync(path.join(harness.templatesDir, 'talos-prod.yaml'), FIXED_TEMPLATE);
    const fixed = await post(harness, 'reboot-loop talos-prod');
    expect(JSON.stringify(fixed.blocks)).toContain(ACTION.requestLabelFix);
    const before = harness.slack.calls.length;
    await harness.click(fixed, ACTION.requestLabelFix, { userId: USERS.alice });
    const card = await cardAfter(harness, before);
    expect(JSON.stringify(card.blocks)).toContain(`omnictl cluster machine delete ${W2} --force -y`);
    expect(JSON.stringify(card.blocks)).toMatch(/omnictl cluster template sync -f \S+talos-prod\.yaml/);
  });
});

describe('/omni drift', () => {
  it('lists exactly the stuck and disconnected machines, and removes them all in one verified run', async () => {
    harness = await startHarness();
    await harness.omni.update((state) => {
      for (const machine of state.machines) if (machine.uuid === W1) machine.connected = false;
      return state;
    });

    const report = await post(harness, 'drift talos-prod');
    const text = JSON.stringify(report.blocks);
    expect(text).toContain(W3);
    expect(text).toContain(W1);
    expect(text).not.toContain(W2);
    expect(text).toContain('proxmox-worker');

    const from = harness.slack.calls.length;
    await harness.click(report, ACTION.requestRemovalAll, { userId: USERS.alice });
    const card = await cardAfter(harness, from);
    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, card);

    expect(String(summary.params.text)).toContain('All 2 machines are verified gone from Omni.');
    const calls = mutatingCalls(await harness.omniLog());
    expect(calls.filter((c) => c.startsWith('cluster machine delete'))).toHaveLength(2);
    expect(new Set(calls).size).toBe(calls.length);
  });
});

describe('/omni recover-cluster', () => {
  async function openRecovery(h: Harness, typed: string) {
    await h.command('recover-cluster talos-prod');
    const modal = await h.slack.waitFor('views.open');
    const view = modal.params.view as { private_metadata: string };
    return h.submitView(
      VIEW.recoverCluster,
      { name: typed, reason: 'etcd lost, restoring from scratch' },
      { privateMetadata: view.private_metadata },
    );
  }

  async function healthyHarness(env: Record<string, string> = {}) {
    const h = await startHarness({
      scenario: 'healthy',
      templates: { 'talos-prod': FIXED_TEMPLATE },
      env,
    });
    // The re-created machines boot for the fake's default provisionGets: the status step waits
    // (as omnictl's --wait does) until they are ready.
    return h;
  }

  it('refuses before the dialog opens when the template sets a forbidden label, and asks for nothing', async () => {
    harness = await startHarness();

    await harness.command('recover-cluster talos-prod');
    const response = await harness.slack.waitForResponse();

    expect(response.body.response_type).toBe('ephemeral');
    expect(String(response.body.text)).toContain('The template still sets labels the kubelet may not set');
    expect(String(response.body.text)).toContain('node-role.kubernetes.io/worker');
    expect(harness.slack.callsTo('views.open')).toEqual([]);
    expect(harness.slack.callsTo('chat.postMessage')).toEqual([]);
    expect(await harness.omniLog()).toEqual([]);
  });

  it('gives back the typed reason when the request is refused after the dialog closed', async () => {
    harness = await healthyHarness();
    await harness.command('recover-cluster talos-prod');
    const modal = await harness.slack.waitFor('views.open');
    // Someone breaks the template while the dialog is open: the planner refuses the request.
    writeFileSync(path.join(harness.templatesDir, 'talos-prod.yaml'), BROKEN_TEMPLATE);

    await harness.submitView(
      VIEW.recoverCluster,
      { name: 'talos-prod', reason: 'etcd lost on every control plane' },
      { privateMetadata: (modal.params.view as { private_metadata: string }).private_metadata },
    );
    const refusal = await harness.slack.waitFor('chat.postEphemeral', { timeoutMs: 10_000 });

    expect(String(refusal.params.text)).toContain('The template still sets labels the kubelet may not set');
    expect(String(refusal.params.text)).toContain(
      'What you typed as the reason: "etcd lost on every control plane"',
    );
    expect(harness.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('refuses a wrongly typed name in the dialog and requests nothing', async () => {
    harness = await healthyHarness();

    const answer = await openRecovery(harness, 'talos-prdo');

    expect(JSON.parse(answer.body)).toMatchObject({
      response_action: 'errors',
      errors: { name: expect.stringContaining('not talos-prod') },
    });
    expect(harness.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('needs two approvers, then deletes, polls, syncs and checks, in that order', async () => {
    harness = await healthyHarness();
    const from = harness.slack.calls.length;

    await openRecovery(harness, 'talos-prod');
    const card = await cardAfter(harness, from);
    expect(JSON.stringify(card.blocks)).toContain('Longhorn volumes');
    expect(JSON.stringify(card.blocks)).toContain('2 approvals needed');
    expect(JSON.stringify(card.blocks)).toContain(
      'Nothing runs yet: it still needs 1 more approval after yours.',
    );

    const responses = harness.slack.responses.length;
    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const first = await nextResponse(harness, responses);
    expect(String(first.body.text)).toContain('1 of 2');
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);

    await harness.click(card, ACTION.approve, { userId: USERS.dave, value: undefined });
    const summary = await waitForSummary(harness, card);

    expect(String(summary.params.text)).toContain('Succeeded');
    const log = (await harness.omniLog()).map((e) => e.argv.join(' '));
    const deleteAt = log.findIndex((l) => l.startsWith('cluster template delete'));
    const syncAt = log.findIndex((l) => l.startsWith('cluster template sync'));
    const polls = log
      .slice(deleteAt + 1, syncAt)
      .filter((l) => l.includes('-l omni.sidero.dev/cluster=talos-prod'));
    expect(deleteAt).toBeGreaterThan(-1);
    expect(syncAt).toBeGreaterThan(deleteAt);
    expect(polls.length).toBeGreaterThan(2);
    expect(log.slice(syncAt).some((l) => l.startsWith('cluster template status'))).toBe(true);
    const thread = harness.slack
      .thread(CHANNEL, card.ts)
      .map((m) => JSON.stringify(m.blocks))
      .join('\n');
    for (const step of [
      'Delete the cluster',
      'Wait until no machine',
      'orphaned clustermachines',
      'Redeploy',
      'healthy',
    ]) {
      expect(thread).toContain(step);
    }
  });

  it('never counts a self-approval: with ALLOW_SELF_APPROVAL the requester and one approver still leave it waiting', async () => {
    harness = await healthyHarness({
      ALLOW_SELF_APPROVAL: 'true',
      APPROVERS: `${USERS.alice},${USERS.bob},${USERS.dave}`,
    });
    const from = harness.slack.calls.length;
    await openRecovery(harness, 'talos-prod');
    const card = await cardAfter(harness, from);
    expect(JSON.stringify(card.blocks)).toContain(
      '2 approvals needed, from approvers other than the requester',
    );

    let responses = harness.slack.responses.length;
    await harness.click(card, ACTION.approve, { userId: USERS.alice });
    const own = await nextResponse(harness, responses);
    expect(String(own.body.text)).toContain('You asked for this: it needs 2 approvers other than you.');

    responses = harness.slack.responses.length;
    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const first = await nextResponse(harness, responses);
    expect(String(first.body.text)).toContain('1 of 2');

    const shown = harness.slack.channelMessages(CHANNEL).find((m) => m.ts === card.ts);
    expect(JSON.stringify(shown?.blocks)).toContain(
      'Approved by <@U0BOB> (1 of 2); 1 more approval needed, from approvers other than the requester',
    );
    // The second approval runs it, and its confirm says so.
    expect(JSON.stringify(shown?.blocks)).toContain(
      'recover-cluster on cluster talos-prod: the commands listed on the card will run now.',
    );
    expect(mutatingCalls(await harness.omniLog())).toEqual([]);
    const store = await createStore(harness.stateDb);
    const request = (await store.requests.recent(1))[0];
    expect(request?.status).toBe('pending');
    expect(await store.decisions.approvers(request!.id)).toEqual([USERS.bob]);
    await store.close();
  });

  it('stops at a failed sync and lists what is left to do', async () => {
    harness = await healthyHarness();
    await harness.omni.injectFault({
      match: ['cluster', 'template', 'sync'],
      exitCode: 1,
      stderr: 'Error: failed to sync template: injected failure\n',
    });
    const from = harness.slack.calls.length;
    await openRecovery(harness, 'talos-prod');
    const card = await cardAfter(harness, from);

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    await nextResponse(harness, 0);
    await harness.click(card, ACTION.approve, { userId: USERS.dave });
    const summary = await waitForSummary(harness, card);

    expect(String(summary.params.text)).toMatch(/Failed: Step 6 \(Redeploy: sync the template\) failed/);
    expect(JSON.stringify(summary.params.blocks)).toContain('Wait until the cluster is healthy (not run)');
    const log = (await harness.omniLog()).map((e) => e.argv.join(' '));
    expect(log.some((l) => l.startsWith('cluster template status'))).toBe(false);
  });
});

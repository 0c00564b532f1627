import { renameSync } from 'node:fs';
import { describe, it, type TestContext } from 'vitest';
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
import { type Harness, startHarness, USERS } from '../support/bot-harness.js';
import { waitUntil } from '../support/wait-until.js';
import { isOmnictlRunning } from './omnictl-processes.js';

const EXPIRED =
  'Error: failed to sign message: gopenpgp: error in signing: openpgp: invalid argument: no valid signing keys\n';
const MISMATCH = 'Error: client API version mismatch: backend API version 3, client API version 2\n';
const SAYS_EXPIRED = /service-account key: it has expired.*OMNI_SERVICE_ACCOUNT_KEY/;
const SAYS_MISMATCH = /does not speak the Omni server's API version.*OMNICTL_PATH/;
const SAYS_MISSING = /cannot run omnictl at .*: the file is missing or not executable.*OMNICTL_PATH/;

// The bot logs every omnictl call that fails; counts them to know when reads have ended.
function failedCalls(h: Harness): number {
  return h.logs.filter((line) => line.includes('"msg":"omnictl call failed"')).length;
}

// Each test has its own bot and fakes, so they run side by side.
async function harnessFor(context: TestContext): Promise<Harness> {
  const harness = await startHarness();
  context.onTestFinished(() => harness.stop());
  return harness;
}

async function reportAnswer(h: Harness, text: string): Promise<string> {
  const from = h.slack.responses.length;
  await h.command(text);
  return String((await nextResponse(h, from)).body.text);
}

async function failedRun(h: Harness, stderr: string): Promise<string> {
  await h.omni.injectFault({ match: ['cluster', 'machine', 'delete'], stderr, exitCode: 1, times: 1 });
  const card = await requestCard(h);
  await h.click(card, ACTION.approve, { userId: USERS.bob });
  return String((await waitForSummary(h, card)).params.text);
}

describe.concurrent('Omni access broken: the message names the cause', () => {
  it('in a report, to the user: an expired key, a version mismatch, a missing omnictl', async (context) => {
    const h = await harnessFor(context);
    const { expect } = context;

    await h.omni.setAuth('expired');
    const failedBefore = failedCalls(h);
    const expired = await reportAnswer(h, 'stuck-machines');
    // The report's other two reads may still be running; a later identical read would share them,
    // so wait until the bot has seen all three end (a started process is not a finished read).
    await waitUntil('the three reads of the report to end', () =>
      failedCalls(h) >= failedBefore + 3 ? true : undefined,
    );
    await h.omni.setAuth('ok');
    await h.omni.injectFault({ match: ['get'], stderr: MISMATCH, exitCode: 1, times: 3 });
    const mismatch = await reportAnswer(h, 'drift talos-prod');
    await h.omni.update((s) => {
      s.faults = [];
    });
    renameSync(h.omni.path, `${h.omni.path}.away`);
    const missing = await reportAnswer(h, 'provider-status');
    renameSync(`${h.omni.path}.away`, h.omni.path);

    expect(expired).toMatch(SAYS_EXPIRED);
    expect(mismatch).toMatch(SAYS_MISMATCH);
    expect(missing).toMatch(SAYS_MISSING);
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('in a run, in its thread: an expired key, then a version mismatch, at the Link removal', async (context) => {
    const h = await harnessFor(context);
    const { expect } = context;

    const expired = await failedRun(h, EXPIRED);
    const mismatch = await failedRun(h, MISMATCH);

    expect(expired).toMatch(/^:x: Failed: Step 2 /);
    expect(expired).toMatch(SAYS_EXPIRED);
    expect(mismatch).toMatch(/^:x: Failed: Step 2 /);
    expect(mismatch).toMatch(SAYS_MISMATCH);
    const once = [`delete clustermachines ${W3}`, `cluster machine delete ${W3} --force -y`];
    expect(mutatingCalls(await h.omniLog())).toEqual([...once, ...once]);
  });

  it('in a run, in its thread: omnictl gone between two steps', async (context) => {
    const h = await harnessFor(context);
    const { expect } = context;
    await h.omni.injectFault({ match: ['delete', 'clustermachines'], delayMs: 1_500, times: 1 });
    const card = await requestCard(h);
    const store = await createStore(h.stateDb);
    context.onTestFinished(() => store.close());

    await h.click(card, ACTION.approve, { userId: USERS.bob });
    await waitUntil('step 1 to start', async () => {
      const run = await store.runs.forRequest(requestIdOf(card));
      return run && (await store.runs.steps(run.id)).find((s) => s.idx === 0);
    });
    // The step's row is written before its process starts, and the fake logs a call when it exits
    // (by then step 2 may be starting). Remove omnictl while the slowed delete is seen running in
    // /proc: step 1 has started and step 2 cannot have, so step 2 finds the binary gone.
    await waitUntil('the delete to be running', () =>
      isOmnictlRunning(['delete', 'clustermachines'], h.omni.statePath) ? true : undefined,
    );
    renameSync(h.omni.path, `${h.omni.path}.away`);
    const summary = await waitForSummary(h, card);
    renameSync(`${h.omni.path}.away`, h.omni.path);

    expect(String(summary.params.text)).toMatch(SAYS_MISSING);
  });

  it('at approval, to the approver: a key that expired after the request', async (context) => {
    const h = await harnessFor(context);
    const { expect } = context;
    const card = await requestCard(h);
    await h.omni.setAuth('expired');
    const from = h.slack.responses.length;

    await h.click(card, ACTION.approve, { userId: USERS.bob });
    const answer = await nextResponse(h, from);

    expect(String(answer.body.text)).toMatch(SAYS_EXPIRED);
    expect(mutatingCalls(await h.omniLog())).toEqual([]);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { createFakeOmni, type FakeOmni } from '../fakes/omnictl/fake-omni.js';
import { blockActionsPayload } from '../fakes/slack/block-actions-payload.js';
import { postSigned, slashCommandBody, slashCommandPayload } from '../fakes/slack/slack-requests.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/start-fake-slack.js';
import { storedMessage } from '../support/approval-flow.js';
import { CHANNEL, SIGNING_SECRET, USERS } from '../support/bot-harness.js';
import { type BotProcess, startBotProcess } from '../support/bot-process.js';
import { startSshTestHost } from '../support/ssh/start-ssh-test-host.js';

const root = path.resolve(import.meta.dirname, '../..');
const ADMIN = path.resolve(import.meta.dirname, '../fakes/omnictl/admin.mjs');
let slack: FakeSlack;
let omni: FakeOmni;
let bot: BotProcess;

// One build for both parts of this file: the bundle is what the image runs.
beforeAll(async () => {
  await execa('npm', ['run', 'build'], { cwd: root });
}, 120_000);

beforeAll(async () => {
  slack = await startFakeSlack();
  omni = await createFakeOmni({ scenario: 'talos-prod' });
  bot = await startBotProcess({
    slack,
    omni,
    stateDb: path.join(mkdtempSync(path.join(tmpdir(), 'omni-chatops-built-')), 'state.sqlite'),
    entry: ['dist/src/main.js'],
  });
}, 120_000);

afterAll(async () => {
  bot?.child.kill('SIGTERM');
  await bot?.child;
  await slack?.close();
  await omni?.cleanup();
});

describe('the built bot (npm run build && npm start)', () => {
  it('serves /healthz, /readyz and /metrics, and counts a /omni stuck-machines', async () => {
    const base = `http://127.0.0.1:${bot.port}`;

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // Ready once the start-up probe has heard from omnictl.
    let ready = 0;
    for (let i = 0; i < 100 && ready !== 200; i += 1) {
      ready = (await fetch(`${base}/readyz`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(200);
    const body = slashCommandBody({
      text: 'stuck-machines',
      userId: USERS.alice,
      channelId: CHANNEL,
      responseUrl: slack.responseUrl(),
    });
    await postSigned(bot.eventsUrl, { body, signingSecret: SIGNING_SECRET });
    await slack.waitFor('chat.postMessage', { timeoutMs: 15_000 });
    let metrics = '';
    for (let i = 0; i < 50 && !metrics.includes('subcommand="stuck-machines"'); i += 1) {
      metrics = await (await fetch(`${base}/metrics`)).text();
      if (!metrics.includes('subcommand="stuck-machines"')) await new Promise((r) => setTimeout(r, 100));
    }

    expect(metrics).toMatch(/omni_chatops_commands_total\{subcommand="stuck-machines",outcome="ok"\} 1/);
    expect(metrics).toMatch(/omnictl_call/);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    bot.child.kill('SIGTERM');
    const result = await bot.child;

    expect(result.exitCode).toBe(0);
    expect(bot.output()).toContain('omni-chatops stopped');
  });
});

const host = await startSshTestHost();

// The bundle carries Bolt's Socket Mode client and loads node-ssh from node_modules on first use:
// both paths run here in the built form, as the image runs them.
describe.skipIf(host === undefined)('the built bot in Socket Mode, restarting the provider over SSH', () => {
  let socketSlack: FakeSlack;
  let socketOmni: FakeOmni;
  let socketBot: BotProcess;

  beforeAll(async () => {
    socketSlack = await startFakeSlack();
    socketOmni = await createFakeOmni({ scenario: 'talos-prod' });
    socketBot = await startBotProcess({
      slack: socketSlack,
      omni: socketOmni,
      stateDb: path.join(mkdtempSync(path.join(tmpdir(), 'omni-chatops-built-')), 'state.sqlite'),
      entry: ['dist/src/main.js'],
      env: {
        SLACK_APP_TOKEN: socketSlack.options.appToken,
        ...host!.providerEnv,
      },
    });
    await host!.clearDockerLog();
    await host!.setDockerBehaviour({
      onCall: {
        command: `node ${ADMIN} set-provider-connected true`,
        env: { FAKE_OMNI_STATE: socketOmni.statePath },
      },
    });
    await socketSlack.socket.connected({ timeoutMs: 15_000 });
  }, 60_000);

  afterAll(async () => {
    socketBot?.child.kill('SIGTERM');
    await socketBot?.child;
    await socketSlack?.close();
    await socketOmni?.cleanup();
    await host?.stop();
  });

  it('asks for approval, runs `docker compose restart` once on approval, and verifies the reconnect', async () => {
    const responseUrl = socketSlack.responseUrl({ channel: CHANNEL, userId: USERS.alice });
    const commandAck = await socketSlack.socket.send(
      'slash_commands',
      slashCommandPayload({
        text: 'restart-provider provider stuck',
        userId: USERS.alice,
        channelId: CHANNEL,
        responseUrl,
      }),
    );
    const cardCall = await socketSlack.waitFor(
      (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
      { timeoutMs: 15_000 },
    );
    const card = storedMessage(socketSlack, cardCall);
    await socketSlack.socket.send(
      'interactive',
      blockActionsPayload({
        actionId: ACTION.approve,
        userId: USERS.bob,
        message: card,
        responseUrl: socketSlack.responseUrl({
          channel: card.channel,
          userId: USERS.bob,
          messageTs: card.ts,
        }),
      }),
    );
    const summary = await socketSlack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === card.ts &&
        /Succeeded|Failed|Cancelled/.test(String(c.params.text)),
      { timeoutMs: 30_000 },
    );

    expect(commandAck.ackMs).toBeLessThan(3_000);
    expect(String(summary.params.text)).toContain(
      'Succeeded: Verified: Omni reports the proxmox provider connected.',
    );
    expect(await host!.dockerLog()).toEqual([{ argv: ['compose', 'restart'], cwd: host!.composeDir }]);
  }, 60_000);
});

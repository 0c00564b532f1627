import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeOmni, type FakeOmni } from '../fakes/omnictl/fake-omni.js';
import { postSigned, slashCommandBody } from '../fakes/slack/slack-requests.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/start-fake-slack.js';
import { CHANNEL, SIGNING_SECRET, USERS } from '../support/bot-harness.js';
import { type BotProcess, startBotProcess } from '../support/bot-process.js';

const root = path.resolve(import.meta.dirname, '../..');
let slack: FakeSlack;
let omni: FakeOmni;
let bot: BotProcess;

beforeAll(async () => {
  await execa('npm', ['run', 'build'], { cwd: root });
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

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeOmni, type FakeOmni } from '../fakes/omnictl/fake-omni.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/start-fake-slack.js';
import { startHarness } from '../support/bot-harness.js';
import { freePort } from '../support/bot-process.js';

const root = path.resolve(import.meta.dirname, '../..');

let slack: FakeSlack | undefined;
let omni: FakeOmni | undefined;
afterEach(async () => {
  await slack?.close();
  await omni?.cleanup();
  slack = undefined;
  omni = undefined;
});

describe('start-up against a Slack it cannot use', () => {
  it('an unreachable Slack: retries with back-off, then exits non-zero within 60 s with one line naming the host and SLACK_API_URL', {
    timeout: 90_000,
  }, async () => {
    omni = await createFakeOmni();
    const closed = await freePort();
    const started = Date.now();

    const result = await execa(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      reject: false,
      extendEnv: false,
      timeout: 80_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SLACK_BOT_TOKEN: 'xoxb-1-real-looking-token',
        SLACK_SIGNING_SECRET: 'sign-secret-0123456789abcdef',
        SLACK_API_URL: `http://127.0.0.1:${closed}/api/`,
        PORT: String(await freePort()),
        OMNICTL_PATH: omni.path,
        ...omni.env,
        APPROVERS: 'U0BOB',
        STATE_DB: path.join(mkdtempSync(path.join(tmpdir(), 'bounded-start-')), 'state.sqlite'),
      },
    });
    const elapsedMs = Date.now() - started;

    expect(result.exitCode).toBe(1);
    expect(elapsedMs).toBeLessThan(60_000);
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^omni-chatops: could not start: could not reach Slack at 127\\.0\\.0\\.1:${closed} while checking the bot token after 5 attempts: .*ECONNREFUSED.*Check SLACK_API_URL`,
      ),
    );
    const retries = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; attempt?: number; host?: string })
      .filter((entry) => entry.msg === 'checking the bot token with Slack failed; retrying');
    expect(retries.map((r) => [r.attempt, r.host])).toEqual(
      [1, 2, 3, 4].map((attempt) => [attempt, `127.0.0.1:${closed}`]),
    );
  });

  it('a bot token Slack refuses (invalid_auth): stops at once naming SLACK_BOT_TOKEN', async () => {
    slack = await startFakeSlack();
    omni = await createFakeOmni();

    const start = startHarness({ slack, omni, env: { SLACK_BOT_TOKEN: 'xoxb-not-the-apps-token' } });

    await expect(start).rejects.toThrow(/refused SLACK_BOT_TOKEN \(invalid_auth\): check SLACK_BOT_TOKEN/);
  });

  it('an app token Slack refuses, in Socket Mode: stops at once naming SLACK_APP_TOKEN', async () => {
    slack = await startFakeSlack();
    omni = await createFakeOmni();

    const start = startHarness({
      slack,
      omni,
      mode: 'socket',
      env: { SLACK_APP_TOKEN: 'xapp-1-not-the-apps-token' },
    });

    await expect(start).rejects.toThrow(/refused SLACK_APP_TOKEN \(invalid_auth\): check SLACK_APP_TOKEN/);
  });
});

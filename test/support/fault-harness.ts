// A copy of startHarness (bot-harness.ts) that lets a fault test change the bot's overrides:
// Slack retries, step timeouts. Kept separate so the shared harness stays as the other tests expect.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config.js';
import { type BotOverrides, type RunningBot, startBot } from '../../src/start-bot.js';
import { createFakeOmni } from '../fakes/omnictl/fake-omni.js';
import type { StoredMessage } from '../fakes/slack/fake-slack-types.js';
import {
  blockActionsPayload,
  interactionBody,
  postSigned,
  slashCommandBody,
  slashCommandPayload,
  viewSubmissionPayload,
} from '../fakes/slack/slack-requests.js';
import { startFakeSlack } from '../fakes/slack/start-fake-slack.js';
import {
  BROKEN_TEMPLATE,
  CHANNEL,
  type Harness,
  type HarnessOptions,
  INCIDENTS,
  SCENARIO_NOW,
  SIGNING_SECRET,
  USERS,
} from './bot-harness.js';

export type FaultHarnessOptions = HarnessOptions & { overrides?: Partial<BotOverrides> };

// A fake clock the bot reads; waits inside runs advance it instead of sleeping.
function createClock(start: string) {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export async function startFaultHarness(options: FaultHarnessOptions = {}): Promise<Harness> {
  const mode = options.mode ?? 'http';
  const slack = options.slack ?? (await startFakeSlack());
  const omni = options.omni ?? (await createFakeOmni({ scenario: options.scenario ?? 'talos-prod' }));
  const stateDb =
    options.stateDb ?? path.join(mkdtempSync(path.join(tmpdir(), 'omni-chatops-')), 'state.sqlite');
  const clock = createClock(options.now ?? SCENARIO_NOW);
  const templatesDir = path.join(path.dirname(stateDb), 'clusters');
  mkdirSync(templatesDir, { recursive: true });
  for (const [cluster, text] of Object.entries(options.templates ?? { 'talos-prod': BROKEN_TEMPLATE })) {
    writeFileSync(path.join(templatesDir, `${cluster}.yaml`), text);
  }
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const env = {
    SLACK_BOT_TOKEN: slack.options.botToken,
    SLACK_SIGNING_SECRET: mode === 'http' ? SIGNING_SECRET : undefined,
    SLACK_APP_TOKEN: mode === 'socket' ? slack.options.appToken : undefined,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    OMNICTL_PATH: omni.path,
    ...omni.env,
    APPROVERS: `${USERS.bob},${USERS.dave},S0APPROVERS`,
    INCIDENT_CHANNEL: INCIDENTS,
    STATE_DB: stateDb,
    CLUSTER_TEMPLATES_DIR: templatesDir,
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(`harness config invalid: ${loaded.problems.join('; ')}`);
  const config = loaded.config;
  const bot: RunningBot = await startBot(config, {
    clock: clock.now,
    host: '127.0.0.1',
    logDestination,
    socketPingTimeoutMs: 2_000,
    unhandledRequestTimeoutMs: 1_000,
    sleep: async (ms) => clock.advance(ms),
    stepTimeouts: { commandMs: 5_000, waitMs: 60_000, pollMs: 5_000 },
    omniProbeIntervalMs: 3_600_000,
    sweepIntervalMs: 3_600_000,
    ...options.overrides,
    slackClientOptions: {
      retryConfig: { retries: 0 },
      timeout: 5_000,
      ...options.overrides?.slackClientOptions,
    },
  });
  const eventsUrl = `http://127.0.0.1:${bot.port}/slack/events`;
  // The start-up readiness probe is not something a test's action caused.
  const startupCalls = (await omni.readLog()).length;

  async function command(text: string, as: { userId?: string; channelId?: string } = {}) {
    const userId = as.userId ?? USERS.alice;
    const channelId = as.channelId ?? CHANNEL;
    const input = { text, userId, channelId, responseUrl: slack.responseUrl({ channel: channelId, userId }) };
    if (mode === 'socket') {
      const ack = await slack.socket.send('slash_commands', slashCommandPayload(input));
      return { status: 200, ms: ack.ackMs };
    }
    return postSigned(eventsUrl, { body: slashCommandBody(input), signingSecret: SIGNING_SECRET });
  }

  async function click(
    message: StoredMessage,
    actionId: string,
    as: { userId?: string; value?: string; headers?: Record<string, string> } = {},
  ) {
    const userId = as.userId ?? USERS.bob;
    const payload = blockActionsPayload({
      actionId,
      userId,
      message,
      value: as.value,
      responseUrl: slack.responseUrl({ channel: message.channel, userId, messageTs: message.ts }),
    });
    if (mode === 'socket') {
      const ack = await slack.socket.send('interactive', payload);
      return { status: 200, ms: ack.ackMs };
    }
    return postSigned(eventsUrl, {
      body: interactionBody(payload),
      signingSecret: SIGNING_SECRET,
      headers: as.headers,
    });
  }

  async function submitView(
    callbackId: string,
    values: Record<string, string>,
    as: { userId?: string; privateMetadata: string },
  ) {
    const payload = viewSubmissionPayload({
      callbackId,
      userId: as.userId ?? USERS.alice,
      privateMetadata: as.privateMetadata,
      values: Object.fromEntries(
        Object.entries(values).map(([block, value]) => [
          block,
          { value: { type: 'plain_text_input', value } },
        ]),
      ),
    });
    if (mode === 'socket') {
      const ack = await slack.socket.send('interactive', payload);
      return { status: 200, body: JSON.stringify(ack.ackPayload ?? {}) };
    }
    return postSigned(eventsUrl, { body: interactionBody(payload), signingSecret: SIGNING_SECRET });
  }

  return {
    mode,
    templatesDir,
    submitView,
    slack,
    omni,
    bot,
    config,
    stateDb,
    clock,
    logs,
    eventsUrl,
    command,
    click,
    // omnictl calls made since the bot started, oldest first.
    omniLog: async () => (await omni.readLog()).slice(startupCalls),
    async stop(options: { keepFakes?: boolean } = {}) {
      await bot.stop();
      if (!options.keepFakes) {
        await slack.close();
        await omni.cleanup();
      }
    },
  };
}

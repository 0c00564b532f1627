import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { BotOverrides } from '../../src/bot-overrides.js';
import { loadConfig } from '../../src/config.js';
import { type RunningBot, startBot } from '../../src/start-bot.js';
import { createFakeOmni, type FakeOmni } from '../fakes/omnictl/fake-omni.js';
import type { StoredMessage } from '../fakes/slack/fake-slack-types.js';
import {
  blockActionsPayload,
  interactionBody,
  postSigned,
  slashCommandBody,
  slashCommandPayload,
  viewSubmissionPayload,
} from '../fakes/slack/slack-requests.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/start-fake-slack.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const USERS = { alice: 'U0ALICE', bob: 'U0BOB', carol: 'U0CAROL', dave: 'U0DAVE' } as const;
export const CHANNEL = 'C0OPS';
export const INCIDENTS = 'C0INC';
export const SCENARIO_NOW = '2026-08-22T09:30:00Z';

export type HarnessOptions = {
  mode?: 'http' | 'socket';
  scenario?: 'talos-prod' | 'healthy';
  env?: Record<string, string | undefined>;
  // Reused across a restart: same fakes, same database.
  slack?: FakeSlack;
  omni?: FakeOmni;
  stateDb?: string;
  now?: string;
  // Cluster templates written into CLUSTER_TEMPLATES_DIR (default: talos-prod = the broken fixture).
  templates?: Record<string, string>;
  // For fault tests: Slack retries, step timeouts, … (Slack client options are merged).
  overrides?: Partial<BotOverrides>;
};

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/omni');
export const BROKEN_TEMPLATE = readFileSync(path.join(FIXTURES, 'cluster-template.example.yaml'), 'utf8');
export const FIXED_TEMPLATE = readFileSync(path.join(FIXTURES, 'cluster-template.fixed.yaml'), 'utf8');

export type Harness = Awaited<ReturnType<typeof startHarness>>;

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

export async function startHarness(options: HarnessOptions = {}) {
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
    // The watcher runs only when a test calls bot.watch().
    watchSchedule: () => () => {},
    // The clock stands still unless a test moves it, so the per-person limit would count every
    // command of a test as one minute's; tests of the limit set their own.
    userRateLimit: { limit: 100_000, windowMs: 60_000 },
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

// Messages whose text or blocks mention `needle`, newest last.
export function messagesMentioning(messages: readonly StoredMessage[], needle: string): StoredMessage[] {
  return messages.filter((m) => JSON.stringify({ text: m.text, blocks: m.blocks }).includes(needle));
}

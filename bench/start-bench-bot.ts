import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { createFakeOmni, type FakeOmni } from '../test/fakes/omnictl/fake-omni.js';
import type { FakeChannel, StoredMessage } from '../test/fakes/slack/fake-slack-types.js';
import {
  blockActionsPayload,
  interactionBody,
  postSigned,
  slashCommandBody,
} from '../test/fakes/slack/slack-requests.js';
import { type FakeSlack, startFakeSlack } from '../test/fakes/slack/start-fake-slack.js';
import { SIGNING_SECRET } from '../test/support/bot-harness.js';
import { freePort } from '../test/support/bot-process.js';
import { botEnv, ROOT, waitForOk } from './bot-env.js';
import { BUILT_MAIN } from './build-bot.js';
import { recordingOmnictl } from './recording-omnictl.js';

export type BenchBot = {
  pid: number;
  omni: FakeOmni;
  slack: FakeSlack;
  recorder: ReturnType<typeof recordingOmnictl>;
  logs: string[];
  // Sends a signed `/omni <text>` into the bot's HTTP receiver; resolves to its ack's latency (ms).
  command(text: string, from: { userId: string; channelId: string }): Promise<number>;
  // Clicks a button of a message the fake Slack holds; resolves when the click is acked.
  click(message: StoredMessage, actionId: string, userId: string): Promise<void>;
  stop(): Promise<void>;
};

// Channels of their own (the bot a member of each), so a benchmark can tell which report answers
// which command when many are in flight.
export function benchChannels(count: number): FakeChannel[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `C0B${String(i).padStart(5, '0')}`,
    name: `bench-${i}`,
    members: ['U0BOT'],
  }));
}

// The production build as its own process (HTTP mode), against the fake omnictl serving a generated
// fleet (through a recorder that logs each call) and the fake Slack.
export async function startBenchBot(options: {
  // A generated fleet of this many machines, or the talos-prod scenario (w3 stuck, its VM gone).
  machines: number | 'talos-prod';
  stuckRatio?: number;
  channels?: FakeChannel[];
  extraEnv?: Record<string, string>;
  // The built main.js to run (a variant of the build); the production build by default.
  main?: string;
}): Promise<BenchBot> {
  const omni = await createFakeOmni({
    scenario: options.machines === 'talos-prod' ? 'talos-prod' : 'healthy',
  });
  // Generated in a child process, so this process's memory is not the generator's.
  if (options.machines !== 'talos-prod')
    await execa(
      process.execPath,
      [
        path.join(ROOT, 'test/fakes/omnictl/admin.mjs'),
        'init',
        `fleet:${options.machines}:${options.stuckRatio ?? 0.03}`,
      ],
      { env: { FAKE_OMNI_STATE: omni.statePath } },
    );
  const recorder = recordingOmnictl(omni.path);
  const defaults = await startFakeSlack();
  const channels = [...defaults.options.channels, ...(options.channels ?? [])];
  await defaults.close();
  const slack = await startFakeSlack({ channels });
  const logs: string[] = [];
  const port = await freePort();
  const started = performance.now();
  const bot: ChildProcess = spawn(process.execPath, [options.main ?? BUILT_MAIN], {
    cwd: ROOT,
    env: botEnv({
      slack,
      omni,
      port,
      omnictlPath: recorder.path,
      extra: { LOG_LEVEL: 'info', ...options.extraEnv },
    }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: bot.stdout! }).on('line', (line) => logs.push(line));
  await waitForOk(`http://127.0.0.1:${port}/readyz`, started);
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  return {
    pid: bot.pid!,
    omni,
    slack,
    recorder,
    logs,
    command: async (text, from) => {
      const body = slashCommandBody({ text, ...from, responseUrl: slack.responseUrl() });
      const { status, ms } = await postSigned(eventsUrl, { body, signingSecret: SIGNING_SECRET });
      if (status !== 200) throw new Error(`/omni ${text}: HTTP ${status}`);
      return ms;
    },
    click: async (message, actionId, userId) => {
      const payload = blockActionsPayload({ actionId, userId, message, responseUrl: slack.responseUrl() });
      const body = interactionBody(payload);
      const { status } = await postSigned(eventsUrl, { body, signingSecret: SIGNING_SECRET });
      if (status !== 200) throw new Error(`click ${actionId}: HTTP ${status}`);
    },
    stop: async () => {
      bot.kill('SIGTERM');
      await new Promise((resolve) => bot.once('exit', resolve));
      await slack.close();
      await omni.cleanup();
    },
  };
}

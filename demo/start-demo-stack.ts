import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type Config, loadConfig } from '../src/config.js';
import { type RunningBot, startBot } from '../src/start-bot.js';
import { createFakeOmni, type FakeOmni } from '../test/fakes/omnictl/fake-omni.js';
import { type FakeSlack, startFakeSlack } from '../test/fakes/slack/start-fake-slack.js';
import type { SshTestHost } from '../test/support/ssh/start-ssh-test-host.js';
import { demoEnv } from './demo-env.js';
import type { Scenario } from './demo-workspace.js';
import { startProviderHost } from './start-provider-host.js';

const TEMPLATE = fileURLToPath(
  new URL('../test/fixtures/omni/cluster-template.example.yaml', import.meta.url),
);

// Runs wait in real time but no step waits longer than this between polls, so a demo run is quick.
const MAX_SLEEP_MS = 1_500;

export type DemoStack = {
  scenario: Scenario;
  slack: FakeSlack;
  omni: FakeOmni;
  host: SshTestHost | undefined;
  sshUnavailable?: string;
  bot: RunningBot;
  config: Config;
  eventsUrl: string;
  logPath: string;
  stop(): Promise<void>;
};

// Everything one playground session needs, in a throwaway directory; stop() removes it all.
export async function startDemoStack(scenario: Scenario): Promise<DemoStack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'omni-chatops-demo-'));
  const cleanups: (() => Promise<unknown> | undefined)[] = [
    async () => rmSync(dir, { recursive: true, force: true }),
  ];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()?.catch(() => undefined);
  };
  try {
    const templatesDir = path.join(dir, 'clusters');
    mkdirSync(templatesDir);
    // The broken template of the scenario: its NodeRestriction labels are what /omni reboot-loop finds.
    copyFileSync(TEMPLATE, path.join(templatesDir, 'talos-prod.yaml'));
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const omni = await createFakeOmni({ scenario, dir: path.join(dir, 'omni') });
    const provider = await startProviderHost(omni);
    const host = provider.host;
    if (host) cleanups.push(() => host.stop());
    const loaded = loadConfig(
      demoEnv({ slack, omni, host, stateDb: path.join(dir, 'state.sqlite'), templatesDir }),
    );
    if (!loaded.ok) throw new Error(`demo config invalid: ${loaded.problems.join('; ')}`);
    const logPath = path.join(dir, 'bot.log');
    const logDestination = createWriteStream(logPath);
    cleanups.push(() => new Promise((resolve) => logDestination.end(resolve)));
    const bot = await startBot(loaded.config, {
      host: '127.0.0.1',
      logDestination,
      slackClientOptions: { retryConfig: { retries: 0 }, timeout: 10_000 },
      sleep: (ms, signal) => delay(Math.min(ms, MAX_SLEEP_MS), undefined, { signal }).catch(() => undefined),
    });
    cleanups.push(() => bot.stop());
    return {
      scenario,
      slack,
      omni,
      host,
      ...(provider.host ? {} : { sshUnavailable: provider.reason }),
      bot,
      config: loaded.config,
      eventsUrl: `http://127.0.0.1:${bot.port}/slack/events`,
      logPath,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

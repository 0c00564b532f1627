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
import { createCleanups } from './create-cleanups.js';
import { demoEnv } from './demo-env.js';
import type { TemplateView } from './demo-types.js';
import { SCENARIO_SETUP, type Scenario } from './demo-workspace.js';
import { inspectTemplate } from './fix-template.js';
import { type DemoProxmox, startDemoProxmox } from './start-demo-proxmox.js';
import { startProviderHost } from './start-provider-host.js';

const FIXTURES = fileURLToPath(new URL('../test/fixtures/omni/', import.meta.url));
// talos-prod's template sets NodeRestriction labels (what /omni reboot-loop finds); the healthy fleet's does not.
const TEMPLATES: Record<Scenario, string> = {
  'talos-prod': 'cluster-template.example.yaml',
  healthy: 'cluster-template.fixed.yaml',
  'stuck-vm-gone': 'cluster-template.example.yaml',
  'stuck-vm-running': 'cluster-template.example.yaml',
};

// Runs wait in real time but no step waits longer than this between polls, so a demo run is quick.
const MAX_SLEEP_MS = 1_500;
// Long enough for an omnictl read of the small scenarios to finish.
const LATE_CALL_MS = 1_500;

export type DemoStack = {
  scenario: Scenario;
  // The playground's own copy of the cluster templates (the bot's CLUSTER_TEMPLATES_DIR).
  templatesDir: string;
  // What the simulator panel shows of it; read again after the panel edits it.
  template: TemplateView | undefined;
  slack: FakeSlack;
  omni: FakeOmni;
  host: SshTestHost | undefined;
  sshUnavailable?: string;
  // The simulated Proxmox cluster, or why there is none (the bot then runs without PROXMOX_URL).
  proxmox: DemoProxmox;
  bot: RunningBot;
  config: Config;
  eventsUrl: string;
  logPath: string;
  // When the bot started (ms): its watcher first looks one interval later.
  startedAt: number;
  stop(): Promise<void>;
};

// Everything one playground session needs, in a throwaway directory; stop() removes it all.
export async function startDemoStack(scenario: Scenario): Promise<DemoStack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'omni-chatops-demo-'));
  const cleanups = createCleanups();
  cleanups.add('remove the temporary directory', async () => {
    rmSync(dir, { recursive: true, force: true });
    // An omnictl call still in flight when the bot stopped re-creates its config here; sweep again.
    await delay(LATE_CALL_MS);
    rmSync(dir, { recursive: true, force: true });
  });
  // Stopping must not fail quietly: a part left running would hold its port and files.
  const stop = async () => {
    const problems = await cleanups.run();
    for (const problem of problems) process.stderr.write(`playground: could not stop cleanly: ${problem}\n`);
  };
  try {
    const templatesDir = path.join(dir, 'clusters');
    mkdirSync(templatesDir);
    copyFileSync(path.join(FIXTURES, TEMPLATES[scenario]), path.join(templatesDir, 'talos-prod.yaml'));
    const slack = await startFakeSlack();
    cleanups.add('close the fake Slack', () => slack.close());
    const setup = SCENARIO_SETUP[scenario];
    const omni = await createFakeOmni({ scenario: setup.omni, dir: path.join(dir, 'omni') });
    const provider = await startProviderHost(omni);
    const host = provider.host;
    if (host) cleanups.add('stop the provider host (sshd)', () => host.stop());
    const proxmox = await startDemoProxmox(omni, setup.vms);
    const pve = proxmox.pve;
    if (pve) cleanups.add('close the fake Proxmox', () => pve.close());
    const loaded = loadConfig(
      demoEnv({ slack, omni, host, pve, stateDb: path.join(dir, 'state.sqlite'), templatesDir }),
    );
    if (!loaded.ok) throw new Error(`demo config invalid: ${loaded.problems.join('; ')}`);
    const logPath = path.join(dir, 'bot.log');
    const logDestination = createWriteStream(logPath);
    cleanups.add('close the bot log', () => new Promise((resolve) => logDestination.end(resolve)));
    const bot = await startBot(loaded.config, {
      host: '127.0.0.1',
      logDestination,
      slackClientOptions: { retryConfig: { retries: 0 }, timeout: 10_000 },
      // A reset should not wait long for a run in progress; the next start reports it interrupted.
      shutdownGraceMs: 2_000,
      sleep: (ms, signal) => delay(Math.min(ms, MAX_SLEEP_MS), undefined, { signal }).catch(() => undefined),
    });
    cleanups.add('stop the bot', () => bot.stop());
    return {
      scenario,
      templatesDir,
      template: await inspectTemplate(templatesDir),
      slack,
      omni,
      host,
      ...(provider.host ? {} : { sshUnavailable: provider.reason }),
      proxmox,
      bot,
      config: loaded.config,
      eventsUrl: `http://127.0.0.1:${bot.port}/slack/events`,
      logPath,
      startedAt: Date.now(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

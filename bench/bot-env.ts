import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FakeOmni } from '../test/fakes/omnictl/fake-omni.js';
import type { FakeSlack } from '../test/fakes/slack/start-fake-slack.js';
import { INCIDENTS, SIGNING_SECRET, USERS } from '../test/support/bot-harness.js';

export const ROOT = path.resolve(import.meta.dirname, '..');

// The environment of a bot process talking to the fakes, with its own fresh state directory.
export function botEnv(options: {
  slack: FakeSlack;
  omni: FakeOmni;
  port: number;
  omnictlPath?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'omni-chatops-bench-'));
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    SLACK_BOT_TOKEN: options.slack.options.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: options.slack.apiUrl,
    PORT: String(options.port),
    OMNICTL_PATH: options.omnictlPath ?? options.omni.path,
    ...options.omni.env,
    APPROVERS: `${USERS.bob},${USERS.dave}`,
    INCIDENT_CHANNEL: INCIDENTS,
    STATE_DB: path.join(stateDir, 'state.sqlite'),
    CLUSTER_TEMPLATES_DIR: path.join(stateDir, 'clusters'),
    WATCH_INTERVAL: '0',
    LOG_LEVEL: 'warn',
    ...options.extra,
  };
}

// Polls an HTTP path until it answers 200; resolves to the milliseconds since `since`.
export async function waitForOk(url: string, since: number, timeoutMs = 30_000): Promise<number> {
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() - since > timeoutMs) throw new Error(`${url} did not answer 200 in time`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import type { FakeOmni } from '../fakes/omnictl/fake-omni.js';
import type { FakeSlack } from '../fakes/slack/start-fake-slack.js';
import { INCIDENTS, SIGNING_SECRET, USERS } from './bot-harness.js';

const root = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export type BotProcess = { child: ResultPromise; port: number; eventsUrl: string; output: () => string };

// The real bot as its own process (`tsx src/main.ts`), for tests that kill it.
export async function startBotProcess(options: {
  slack: FakeSlack;
  omni: FakeOmni;
  stateDb: string;
  env?: Record<string, string>;
  // Node arguments; default: the TypeScript source through tsx.
  entry?: string[];
}): Promise<BotProcess> {
  const port = await freePort();
  let output = '';
  // One process (no tsx wrapper in between), so SIGKILL really kills the bot.
  const child = execa(process.execPath, options.entry ?? ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    reject: false,
    extendEnv: false,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SLACK_BOT_TOKEN: options.slack.options.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: options.slack.apiUrl,
      PORT: String(port),
      OMNICTL_PATH: options.omni.path,
      ...options.omni.env,
      APPROVERS: `${USERS.bob},${USERS.dave}`,
      INCIDENT_CHANNEL: INCIDENTS,
      STATE_DB: options.stateDb,
      LOG_LEVEL: 'info',
      ...options.env,
    },
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`bot process did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, port, eventsUrl: `http://127.0.0.1:${port}/slack/events`, output: () => output };
}

// Processes left behind by a killed bot (a hanging omnictl) still point at the fake's state file.
export function killProcessesWithEnv(marker: string): number {
  let killed = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (Number(pid) === process.pid) continue;
      if (!readFileSync(`/proc/${pid}/environ`, 'utf8').includes(marker)) continue;
      process.kill(Number(pid), 'SIGKILL');
      killed += 1;
    } catch {
      // gone already, or not ours to read
    }
  }
  return killed;
}

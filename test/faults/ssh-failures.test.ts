import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { requestCard, waitForSummary } from '../support/approval-flow.js';
import { type Harness, USERS } from '../support/bot-harness.js';
import { freePort } from '../support/bot-process.js';
import { startFaultHarness } from '../support/fault-harness.js';
import { startSshTestHost } from '../support/ssh/start-ssh-test-host.js';

const host = await startSshTestHost();
const WRONG_PIN = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

let harness: Harness | undefined;
afterAll(() => host?.stop());
beforeEach(async () => {
  await host?.clearDockerLog();
  await host?.setDockerBehaviour({});
});
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

// The provider host as configured, with one thing wrong.
function providerEnv(change: Record<string, string>): Record<string, string> {
  if (!host) throw new Error('no ssh host');
  return {
    ...host.providerEnv,
    ...change,
  };
}

async function restartFails(env: Record<string, string>): Promise<string> {
  harness = await startFaultHarness({
    env: providerEnv(env),
    overrides: { stepTimeouts: { commandMs: 2_000, waitMs: 60_000, pollMs: 5_000 } },
  });
  const card = await requestCard(harness, 'restart-provider provider stuck');
  await harness.click(card, ACTION.approve, { userId: USERS.bob });
  const summary = await waitForSummary(harness, card);
  return String(summary.params.text);
}

describe.skipIf(host === undefined)('SSH failures through /omni restart-provider', () => {
  it('a closed port: refused, named, nothing ran', async () => {
    const port = await freePort();

    const text = await restartFails({ PROVIDER_SSH_PORT: String(port) });

    expect(text).toContain(
      `Failed: Step 1 (Restart the provider container) failed: The provider host 127.0.0.1:${port} refused the SSH connection: nothing listens on that port.`,
    );
    expect(await host!.dockerLog()).toEqual([]);
  });

  it('a host that accepts TCP and never speaks SSH: given up after PROVIDER_SSH_CONNECT_TIMEOUT, named, nothing ran', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const text = await restartFails({
        PROVIDER_SSH_PORT: String(port),
        PROVIDER_SSH_CONNECT_TIMEOUT: '1s',
      });

      expect(text).toContain(`The provider host 127.0.0.1:${port} did not answer SSH within 1 s.`);
      expect(await host!.dockerLog()).toEqual([]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a key the host does not accept: auth refused, named, nothing ran', async () => {
    const text = await restartFails({ PROVIDER_SSH_KEY_FILE: host!.unknownKeyFile });

    expect(text).toMatch(/refused the bot's SSH key for user \S+\. Add the bot's public key/);
    expect(await host!.dockerLog()).toEqual([]);
  });

  it('a host key that does not match the pin: refused before auth, both fingerprints named', async () => {
    const text = await restartFails({ PROVIDER_SSH_HOST_KEY: WRONG_PIN });

    expect(text).toContain(`offered host key ${host!.target.hostKey}, but the bot expects ${WRONG_PIN}`);
    expect(await host!.dockerLog()).toEqual([]);
  });

  it('a remote command that hangs: stopped at the step timeout, named, run once', async () => {
    await host!.setDockerBehaviour({ hang: true });

    const text = await restartFails({});

    expect(text).toContain(
      'Failed: Step 1 (Restart the provider container) failed: `docker compose restart` did not finish within 2 s on the provider host',
    );
    expect(await host!.dockerLog()).toEqual([{ argv: ['compose', 'restart'], cwd: host!.composeDir }]);
  });
});

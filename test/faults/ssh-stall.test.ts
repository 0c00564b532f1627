import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import { requestCard, storedMessage, waitForSummary } from '../support/approval-flow.js';
import { type Harness, USERS } from '../support/bot-harness.js';
import { startFaultHarness } from '../support/fault-harness.js';
import { type StallingProxy, startStallingProxy } from '../support/ssh/stalling-proxy.js';
import { startSshTestHost } from '../support/ssh/start-ssh-test-host.js';
import { waitUntil } from '../support/wait-until.js';
import { isOmnictlRunning } from './omnictl-processes.js';

// The provider host accepts the connection, authenticates, and then stops answering while the
// key rotation writes over SFTP: a TCP proxy in front of the real sshd stops passing data.
const host = await startSshTestHost();
const OLD_ENV = 'OMNI_SERVICE_ACCOUNT_KEY=old-expired-provider-key\n';

let harness: Harness | undefined;
let proxy: StallingProxy | undefined;
afterAll(() => host?.stop());
beforeEach(() => {
  if (host) writeFileSync(path.join(host.composeDir, '.env'), OLD_ENV, { mode: 0o600 });
});
afterEach(async () => {
  await harness?.stop();
  await proxy?.close();
  harness = undefined;
  proxy = undefined;
});

/** Approves a key rotation and stalls the host while omnictl renews the key, just before the SFTP writes. */
async function rotateAndStall(sshOperationTimeoutMs: number) {
  proxy = await startStallingProxy(Number(host!.providerEnv.PROVIDER_SSH_PORT));
  harness = await startFaultHarness({
    env: { ...host!.providerEnv, PROVIDER_SSH_PORT: String(proxy.port) },
    overrides: { sshOperationTimeoutMs },
  });
  const h = harness;
  await h.omni.injectFault({ match: ['infraprovider', 'renewkey'], delayMs: 1_500, times: 1 });
  const card = await requestCard(h, 'rotate-provider-key');
  await h.click(card, ACTION.approve, { userId: USERS.bob });
  await waitUntil('omnictl renewing the key', () =>
    isOmnictlRunning(['infraprovider', 'renewkey'], h.omni.statePath) ? true : undefined,
  );
  proxy.stall();
  return { h, card };
}

describe.skipIf(host === undefined)('an SSH host that stalls during SFTP', () => {
  it('the run ends at the SFTP timeout with a clear message, and the env file is untouched', async () => {
    const { h, card } = await rotateAndStall(2_000);
    const started = Date.now();

    const text = String((await waitForSummary(h, card)).params.text);

    expect(Date.now() - started).toBeLessThan(15_000);
    expect(text).toMatch(
      /Failed: Step 1 \(.*\) failed: Saving the new key .* failed, so nothing was changed on the host: The provider host 127\.0\.0\.1 stopped answering over SFTP \(no answer to .* within 2s\)/,
    );
    expect(readFileSync(path.join(host!.composeDir, '.env'), 'utf8')).toBe(OLD_ENV);
    expect(await host!.dockerLog()).toEqual([]);
    expect(h.logs.some((line) => line.includes('ssh host stopped answering; connection closed'))).toBe(true);
  }, 60_000);

  it('Cancel ends the run while an SFTP write waits on the stalled host', async () => {
    // A timeout far longer than the test: only the Cancel can end the step.
    const { h, card } = await rotateAndStall(120_000);
    const status = await h.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === card.ts &&
        String(c.params.text).startsWith('Run `run-'),
    );
    // Past the key's renewal: the step is in its SFTP calls.
    await waitUntil('the renewal to finish', () =>
      isOmnictlRunning(['infraprovider', 'renewkey'], h.omni.statePath) ? undefined : true,
    );

    await h.click(storedMessage(h.slack, status), ACTION.cancelRun, { userId: USERS.bob });
    const text = String((await waitForSummary(h, card)).params.text);

    expect(text).toContain('Cancelled');
    expect(text).toContain('Cancelled during the SFTP create of');
    expect(readFileSync(path.join(host!.composeDir, '.env'), 'utf8')).toBe(OLD_ENV);
  }, 60_000);
});

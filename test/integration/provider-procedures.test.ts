import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, VIEW } from '../../src/slack/action-ids.js';
import { nextResponse, requestCard, requestIdOf, waitForSummary } from '../support/approval-flow.js';
import { type Harness, startHarness, USERS } from '../support/bot-harness.js';
import { startSshTestHost } from '../support/ssh/start-ssh-test-host.js';

const host = await startSshTestHost();
const ADMIN = path.resolve(import.meta.dirname, '../fakes/omnictl/admin.mjs');
const RENEWED_KEY =
  /^OMNI_SERVICE_ACCOUNT_KEY=(\S+)$/m.exec(
    readFileSync(
      path.resolve(import.meta.dirname, '../fixtures/omni/infraprovider-renewkey.stdout.txt'),
      'utf8',
    ),
  )?.[1] ?? '';
const OLD_ENV =
  'OMNI_ENDPOINT=https://acme.omni.siderolabs.io\nOMNI_SERVICE_ACCOUNT_KEY=old-expired-provider-key\n';

let harness: Harness | undefined;
afterAll(() => host?.stop());
beforeEach(async () => {
  await host?.clearDockerLog();
  await host?.setDockerBehaviour({});
  if (!host) return;
  for (const file of readdirSync(host.composeDir).filter((f) => f.startsWith('.env.bak-')))
    rmSync(path.join(host.composeDir, file));
  writeFileSync(path.join(host.composeDir, '.env'), OLD_ENV, { mode: 0o600 });
});
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function providerHarness(env: Record<string, string> = {}) {
  if (!host) throw new Error('no ssh host');
  const h = await startHarness({
    env: {
      ...host.providerEnv,
      ...env,
    },
  });
  // The stand-in `docker` plays the provider coming back: Omni then reports it connected.
  await host.setDockerBehaviour({
    onCall: {
      command: `node ${ADMIN} set-provider-connected true`,
      env: { FAKE_OMNI_STATE: h.omni.statePath },
    },
  });
  return h;
}

describe.skipIf(host === undefined)('provider procedures over a real SSH server', () => {
  it('/omni provider-status says disconnected and points at the expired key', async () => {
    harness = await providerHarness();

    await harness.command('provider-status');
    const post = await harness.slack.waitFor('chat.postMessage', { timeoutMs: 10_000 });

    const text = JSON.stringify(post.params.blocks);
    expect(text).toContain('disconnected');
    expect(text).toContain("The provider's key has expired (2026-08-20T08:14:55Z)");
    expect(text).toContain('/omni rotate-provider-key');
  });

  it('restart runs exactly `docker compose restart` in the compose directory once, then verifies the reconnect', async () => {
    harness = await providerHarness();
    const card = await requestCard(harness, 'restart-provider provider stuck');
    expect(JSON.stringify(card.blocks)).toContain(`cd ${host!.composeDir} &amp;&amp; docker compose restart`);

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, card);

    expect(String(summary.params.text)).toContain(
      'Succeeded: Verified: Omni reports the proxmox provider connected.',
    );
    expect(await host!.dockerLog()).toEqual([{ argv: ['compose', 'restart'], cwd: host!.composeDir }]);
  });

  it('a second restart within the cooldown says the approval overrides it', async () => {
    harness = await providerHarness();
    const first = await requestCard(harness, 'restart-provider');
    await harness.click(first, ACTION.approve, { userId: USERS.bob });
    await waitForSummary(harness, first);
    harness.clock.advance(3 * 60_000);

    const second = await requestCard(harness, 'restart-provider again');

    expect(JSON.stringify(second.blocks)).toMatch(
      /restarted 3 min ago \(cooldown 10 min\)\. Approving overrides the cooldown/,
    );
  });

  it('refuses a host whose key does not match the pin, and runs nothing there', async () => {
    harness = await providerHarness({
      PROVIDER_SSH_HOST_KEY: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    const card = await requestCard(harness, 'restart-provider');

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, card);

    expect(String(summary.params.text)).toContain('Failed');
    expect(JSON.stringify(summary.params.blocks)).toContain(host!.target.hostKey);
    expect(await host!.dockerLog()).toEqual([]);
  });

  it('ends a hanging remote command at its timeout and leaves no process on the host', async () => {
    harness = await providerHarness();
    await host!.setDockerBehaviour({ hang: true });
    const card = await requestCard(harness, 'restart-provider');

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, card);

    expect(String(summary.params.text)).toMatch(/Failed: Step 1 \(Restart the provider container\) failed/);
    const deadline = Date.now() + 10_000;
    while ((await host!.processesMatching('docker-stand-in')) > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(await host!.processesMatching('docker-stand-in')).toBe(0);
  });

  it('rotates the key: env file with mode 600, a backup, `up -d`, verified; the key appears nowhere else', async () => {
    harness = await providerHarness();
    const card = await requestCard(harness, 'rotate-provider-key');

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, card);

    expect(String(summary.params.text)).toContain('Succeeded');
    const envFile = path.join(host!.composeDir, '.env');
    expect(readFileSync(envFile, 'utf8')).toContain(`OMNI_SERVICE_ACCOUNT_KEY=${RENEWED_KEY}`);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const backups = readdirSync(host!.composeDir).filter((f) => f.startsWith('.env.bak-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(host!.composeDir, backups[0]!), 'utf8')).toBe(OLD_ENV);
    expect(await host!.dockerLog()).toEqual([{ argv: ['compose', 'up', '-d'], cwd: host!.composeDir }]);
    await expectKeyNowhere(harness, RENEWED_KEY);
  });

  it('takes a key pasted by the approver in a modal, and keeps it out of every record', async () => {
    harness = await providerHarness();
    const pasted = Buffer.from(
      JSON.stringify({ name: 'infra-provider:proxmox', pgp_key: 'PASTED-KEY-MATERIAL-0123456789' }),
    ).toString('base64');
    const card = await requestCard(harness, 'rotate-provider-key paste');

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    await harness.slack.waitFor('views.open');
    await harness.submitView(
      VIEW.pasteKey,
      { key: pasted },
      { userId: USERS.bob, privateMetadata: requestIdOf(card) },
    );
    const summary = await waitForSummary(harness, card);

    expect(String(summary.params.text)).toContain('Succeeded');
    expect(readFileSync(path.join(host!.composeDir, '.env'), 'utf8')).toContain(
      `OMNI_SERVICE_ACCOUNT_KEY=${pasted}`,
    );
    expect((await harness.omniLog()).some((e) => e.argv.includes('renewkey'))).toBe(false);
    await expectKeyNowhere(harness, pasted);
  });

  it('refuses a pasted value that is not a key, in the modal', async () => {
    harness = await providerHarness();
    const card = await requestCard(harness, 'rotate-provider-key paste');
    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    await harness.slack.waitFor('views.open');

    const answer = await harness.submitView(
      VIEW.pasteKey,
      { key: 'not a key; rm -rf /' },
      { userId: USERS.bob, privateMetadata: requestIdOf(card) },
    );

    expect(JSON.parse(answer.body)).toMatchObject({ response_action: 'errors' });
    expect(await host!.dockerLog()).toEqual([]);
  });

  it('tells a non-approver no, without opening the key dialog', async () => {
    harness = await providerHarness();
    const card = await requestCard(harness, 'rotate-provider-key paste');
    const from = harness.slack.responses.length;

    await harness.click(card, ACTION.approve, { userId: USERS.carol });
    const answer = await nextResponse(harness, from);

    expect(String(answer.body.text)).toContain('not an approver');
    expect(harness.slack.callsTo('views.open')).toEqual([]);
  });
});

async function expectKeyNowhere(h: Harness, key: string): Promise<void> {
  expect(h.logs.join('\n')).not.toContain(key);
  expect(JSON.stringify(h.slack.calls.map((c) => c.params))).not.toContain(key);
  expect(readFileSync(h.stateDb).includes(Buffer.from(key))).toBe(false);
  for (const suffix of ['-wal', '-shm']) {
    try {
      expect(readFileSync(h.stateDb + suffix).includes(Buffer.from(key))).toBe(false);
    } catch {
      // no such file: nothing to leak
    }
  }
  expect(JSON.stringify(await host!.dockerLog())).not.toContain(key);
  expect(JSON.stringify(await h.omniLog())).not.toContain(key);
}

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  for (const file of readdirSync(host.composeDir).filter((f) => f.startsWith('.env.')))
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
    expect(text).toContain("The provider's key has expired (2026-08-20 08:14 UTC)");
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

  it('a stale "connected" is not a reconnect: the wait needs a heartbeat newer than the restart', async () => {
    harness = await providerHarness();
    // Omni still shows the provider connected from before the restart (a heartbeat at 09:00, the
    // bot's clock says 09:30), and the restarted container never reports.
    await harness.omni.setProviderConnected(true);
    await harness.omni.update((s) => {
      const health = s.resources['InfraProviderHealthStatuses.omni.sidero.dev']?.find(
        (r) => r.metadata.id === 'proxmox',
      );
      if (health)
        health.spec.lastheartbeattimestamp = { seconds: Date.parse('2026-08-22T09:00:00Z') / 1000, nanos: 0 };
    });
    await host!.setDockerBehaviour({});
    const card = await requestCard(harness, 'restart-provider provider stuck');

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const text = String((await waitForSummary(harness, card)).params.text);

    expect(text).toContain('Failed: Step 2 (Wait until Omni reports the provider connected) failed');
    expect(text).toContain(
      'Omni still shows the provider connected, but its last heartbeat (2026-08-22T09:00:00.000Z) is from before the restart',
    );
    expect(await host!.dockerLog()).toEqual([{ argv: ['compose', 'restart'], cwd: host!.composeDir }]);
  });

  it('a restart whose provider beats again is verified by that heartbeat', async () => {
    harness = await providerHarness();
    const card = await requestCard(harness, 'restart-provider provider stuck');

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const text = String((await waitForSummary(harness, card)).params.text);

    expect(text).toMatch(/Its last heartbeat \(\S+\) is after the restart\./);
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

  it('a restart requested while another is still running is in the cooldown: the card says it is still running', async () => {
    harness = await providerHarness();
    const docker = await holdDocker(harness);
    const first = await requestCard(harness, 'restart-provider');
    await harness.click(first, ACTION.approve, { userId: USERS.bob });
    await dockerCalled('compose restart');
    harness.clock.advance(2 * 60_000);

    const second = await requestCard(harness, 'restart-provider again');
    docker.release();
    await waitForSummary(harness, first);

    expect(JSON.stringify(second.blocks)).toMatch(
      /A restart of the provider is still running \(started 2 min ago; cooldown 10 min\)\. Approving overrides the cooldown/,
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

  it('a pasted key whose approval is refused (the request was rejected meanwhile): the approver is told why, ephemerally; the key is used for nothing and kept nowhere', async () => {
    harness = await providerHarness();
    const pasted = Buffer.from(
      JSON.stringify({ name: 'infra-provider:proxmox', pgp_key: 'REFUSED-KEY-MATERIAL-0123456789' }),
    ).toString('base64');
    const card = await requestCard(harness, 'rotate-provider-key paste');
    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const opened = await harness.slack.waitFor('views.open');
    const metadata = String((opened.params.view as { private_metadata: string }).private_metadata);
    await harness.click(card, ACTION.reject, { userId: USERS.dave });
    await harness.slack.waitFor(
      (c) => c.method === 'chat.update' && String(c.params.text).includes('ejected'),
    );

    await harness.submitView(
      VIEW.pasteKey,
      { key: pasted },
      { userId: USERS.bob, privateMetadata: metadata },
    );
    const deadline = Date.now() + 10_000;
    while (harness.slack.ephemerals(USERS.bob).length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 25));

    expect(harness.slack.ephemerals(USERS.bob)).toMatchObject([
      {
        text: expect.stringMatching(
          /already rejected by <@U0DAVE>.*Your key was not used and the bot did not keep it/,
        ),
      },
    ]);
    expect(await host!.dockerLog()).toEqual([]);
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

  it('two rotations approved at once: the second, and a restart, are refused naming the provider lock; .env is written once, `up -d` runs once', async () => {
    harness = await providerHarness();
    const docker = await holdDocker(harness);
    const first = await requestCard(harness, 'rotate-provider-key');
    const second = await requestCard(harness, 'rotate-provider-key');
    const restart = await requestCard(harness, 'restart-provider');

    await harness.click(first, ACTION.approve, { userId: USERS.bob });
    await dockerCalled('compose up -d');
    let from = harness.slack.responses.length;
    await harness.click(second, ACTION.approve, { userId: USERS.dave });
    const refusedRotation = await nextResponse(harness, from);
    from = harness.slack.responses.length;
    await harness.click(restart, ACTION.approve, { userId: USERS.dave });
    const refusedRestart = await nextResponse(harness, from);
    docker.release();
    const summary = await waitForSummary(harness, first);

    for (const refusal of [refusedRotation, refusedRestart])
      expect(String(refusal.body.text)).toMatch(
        /^The proxmox infra provider is locked by run run-[0-9a-f]{12}, approved by <@U0BOB> at .+\. Approve again when it has finished\.$/,
      );
    expect(String(summary.params.text)).toContain('Succeeded');
    expect(await host!.dockerLog()).toEqual([{ argv: ['compose', 'up', '-d'], cwd: host!.composeDir }]);
    expect(filesStartingWith('.env.bak-')).toHaveLength(1);
    expect(filesStartingWith('.env.new-key-')).toHaveLength(1);
    expect((await harness.omniLog()).filter((e) => e.argv.includes('renewkey'))).toHaveLength(1);
  });

  it('after the lock is released, the second rotation can be approved and runs', async () => {
    harness = await providerHarness();
    const first = await requestCard(harness, 'rotate-provider-key');
    const second = await requestCard(harness, 'rotate-provider-key');
    await harness.click(first, ACTION.approve, { userId: USERS.bob });
    await waitForSummary(harness, first);
    harness.clock.advance(60_000);

    await harness.click(second, ACTION.approve, { userId: USERS.dave });
    const summary = await waitForSummary(harness, second);

    expect(String(summary.params.text)).toContain('Succeeded');
    expect(await host!.dockerLog()).toHaveLength(2);
  });

  it('a reconnect that times out after `up -d` keeps the new key in .env and says so (not rolled back)', async () => {
    harness = await providerHarness();
    // `up -d` succeeds but the provider never comes back.
    await host!.setDockerBehaviour({});
    const card = await requestCard(harness, 'rotate-provider-key');

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, card);

    const envFile = path.join(host!.composeDir, '.env');
    expect(readFileSync(envFile, 'utf8')).toContain(`OMNI_SERVICE_ACCOUNT_KEY=${RENEWED_KEY}`);
    const savedFiles = filesStartingWith('.env.new-key-');
    expect(savedFiles).toHaveLength(1);
    const [saved] = savedFiles;
    const savedPath = path.join(host!.composeDir, saved!);
    expect(readFileSync(savedPath, 'utf8')).toContain(`OMNI_SERVICE_ACCOUNT_KEY=${RENEWED_KEY}\n`);
    expect(statSync(savedPath).mode & 0o777).toBe(0o600);
    const [backup] = filesStartingWith('.env.bak-');
    expect(readFileSync(path.join(host!.composeDir, backup!), 'utf8')).toBe(OLD_ENV);
    const text = String(summary.params.text);
    expect(text).toContain('Failed: Step 3 (Wait until Omni reports the provider connected) failed');
    expect(text).toContain('did not reconnect within 60s');
    expect(text).toContain(
      `Not rolled back, since step 2 (Recreate the provider container with the new key) had succeeded: ${envFile} holds the new key (key id 4f0a9d2c61b8e37a05c94d1e8b27f6a3c0d95e41), also saved as ${savedPath}; the previous file is kept as ${path.join(host!.composeDir, backup!)}.`,
    );
    expect(text).not.toContain('restored');
    expect(await host!.dockerLog()).toEqual([{ argv: ['compose', 'up', '-d'], cwd: host!.composeDir }]);
    await expectKeyNowhere(harness, RENEWED_KEY);
  });

  it('a failed `up -d` puts the old .env back (the container still runs the old key) and keeps the new key saved', async () => {
    harness = await providerHarness();
    await host!.setDockerBehaviour({ exitCode: 1, stderr: 'Error response from daemon: no space left\n' });
    const card = await requestCard(harness, 'rotate-provider-key');

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(harness, card);

    expect(readFileSync(path.join(host!.composeDir, '.env'), 'utf8')).toBe(OLD_ENV);
    const [saved] = filesStartingWith('.env.new-key-');
    const savedPath = path.join(host!.composeDir, saved!);
    expect(existsSync(savedPath)).toBe(true);
    expect(readFileSync(savedPath, 'utf8')).toContain(`OMNI_SERVICE_ACCOUNT_KEY=${RENEWED_KEY}\n`);
    expect(statSync(savedPath).mode & 0o777).toBe(0o600);
    const text = String(summary.params.text);
    expect(text).toContain('Failed: Step 2 (Recreate the provider container with the new key) failed');
    expect(text).toContain(
      `the new key (key id 4f0a9d2c61b8e37a05c94d1e8b27f6a3c0d95e41) stays saved as ${savedPath}`,
    );
    await expectKeyNowhere(harness, RENEWED_KEY);
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

// The stand-in `docker` blocks until release() (then plays the provider coming back), so a run can
// be held inside `docker compose up -d` while the test clicks elsewhere.
async function holdDocker(h: Harness): Promise<{ release: () => void }> {
  const gate = path.join(mkdtempSync(path.join(tmpdir(), 'docker-gate-')), 'open');
  await host!.setDockerBehaviour({
    onCall: {
      command: `while [ ! -e '${gate}' ]; do sleep 0.05; done; node ${ADMIN} set-provider-connected true`,
      env: { FAKE_OMNI_STATE: h.omni.statePath },
    },
  });
  return { release: () => writeFileSync(gate, '') };
}

async function dockerCalled(argv: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await host!.dockerLog()).some((c) => c.argv.join(' ') === argv)) {
    if (Date.now() > deadline) throw new Error(`docker ${argv} was not called`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function filesStartingWith(prefix: string): string[] {
  return readdirSync(host!.composeDir).filter((f) => f.startsWith(prefix));
}

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

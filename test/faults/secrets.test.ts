import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, VIEW } from '../../src/slack/action-ids.js';
import { startFakeSlack } from '../fakes/slack/start-fake-slack.js';
import {
  nextResponse,
  requestCard,
  requestIdOf,
  storedMessage,
  W3,
  waitForSummary,
} from '../support/approval-flow.js';
import { type Harness, SIGNING_SECRET, startHarness, USERS } from '../support/bot-harness.js';
import { readStateDb } from '../support/read-state-db.js';
import { startSshTestHost } from '../support/ssh/start-ssh-test-host.js';
import { fileNeedles, findLeaks, secretNeedles } from './secret-values.js';

const host = await startSshTestHost();
const ADMIN = path.resolve(import.meta.dirname, '../fakes/omnictl/admin.mjs');
const RENEWED_KEY =
  /^OMNI_SERVICE_ACCOUNT_KEY=(\S+)$/m.exec(
    readFileSync(
      path.resolve(import.meta.dirname, '../fixtures/omni/infraprovider-renewkey.stdout.txt'),
      'utf8',
    ),
  )?.[1] ?? '';
// Distinctive values, so a hit can only be a leak.
const BOT_TOKEN = 'xoxb-SECRET-bot-7f3e9a21c4d8b605e1f2a3b4';
const APP_TOKEN = 'xapp-1-A0APP-SECRET-app-5c2d9e8f7a6b';

let harness: Harness | undefined;
afterAll(() => host?.stop());
// Each test rotates the key at the same (fake) time: the host starts each with no saved key or backup.
beforeEach(() => {
  if (!host) return;
  for (const file of readdirSync(host.composeDir).filter((f) => f.startsWith('.env.')))
    rmSync(path.join(host.composeDir, file));
});
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function post(h: Harness, text: string): Promise<void> {
  const from = h.slack.calls.length + h.slack.responses.length;
  await h.command(text);
  const settled = () => h.slack.calls.length + h.slack.responses.length > from;
  while (!settled()) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function approveAndWait(h: Harness, text: string): Promise<string> {
  const card = await requestCard(h, text);
  await h.click(card, ACTION.approve, { userId: USERS.bob });
  return String((await waitForSummary(h, card)).params.text);
}

describe.skipIf(host === undefined)('secrets across a whole multi-procedure session', () => {
  it('appear in no log line, no Slack request, no omnictl argument, no remote command and not in SQLite', {
    timeout: 120_000,
  }, async () => {
    const slack = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    harness = await startHarness({
      slack,
      env: {
        LOG_LEVEL: 'trace',
        ...host!.providerEnv,
      },
    });
    const h = harness;
    await host!.setDockerBehaviour({
      onCall: {
        command: `node ${ADMIN} set-provider-connected true`,
        env: { FAKE_OMNI_STATE: h.omni.statePath },
      },
    });

    for (const text of [
      'help',
      'stuck-machines',
      'provider-status',
      'drift talos-prod',
      'reboot-loop talos-prod',
    ])
      await post(h, text);
    const outcomes = [
      await approveAndWait(h, `delete-clustermachine ${W3} VM deleted in Proxmox`),
      await approveAndWait(h, 'rotate-provider-key'),
      await approveAndWait(h, 'restart-provider after the key rotation'),
    ];
    await post(h, 'history 10');
    // Every run's timeline (issue #18): step commands and output tails (the renewed key's run among them).
    const runIds = readStateDb<{ id: string }>(h.stateDb, 'SELECT id FROM runs').map((r) => r.id);
    for (const runId of runIds) await post(h, `timeline ${runId}`);
    await post(h, 'timeline talos-prod 24h');
    await h.omni.setAuth('expired');
    await post(h, 'stuck-machines');
    const card = storedMessage(h.slack, h.slack.callsTo('chat.postMessage')[0]!);
    const from = h.slack.responses.length;
    await h.click(card, ACTION.cancelRun, { userId: USERS.carol, value: 'run-000000000000' });
    await nextResponse(h, from);

    expect(outcomes.map((o) => /Succeeded/.test(o))).toEqual([true, true, true]);
    const timelines = h.slack.uploadedFiles().filter((f) => f.name.startsWith('timeline-'));
    expect(timelines).toHaveLength(runIds.length + 1);
    const needles = [
      ...secretNeedles('bot token', BOT_TOKEN),
      ...secretNeedles('app token', APP_TOKEN),
      ...secretNeedles('signing secret', SIGNING_SECRET),
      ...secretNeedles('service-account key', h.omni.env.OMNI_SERVICE_ACCOUNT_KEY),
      ...secretNeedles('renewed provider key', RENEWED_KEY),
      ...fileNeedles('SSH private key', host!.target.keyFile),
    ];
    const sqlite = ['', '-wal', '-shm'].map((suffix) => {
      try {
        return readFileSync(h.stateDb + suffix).toString('latin1');
      } catch {
        return '';
      }
    });
    const places = {
      'the log': h.logs.join('\n'),
      'Slack Web API requests': JSON.stringify(
        h.slack.calls.map((c) => ({ method: c.method, params: c.params })),
      ),
      'response_url requests': JSON.stringify(h.slack.responses.map((r) => r.body)),
      'omnictl arguments': JSON.stringify(await h.omniLog()),
      'remote commands': JSON.stringify(await host!.dockerLog()),
      SQLite: sqlite.join('\n'),
      'uploaded files': timelines.map((f) => f.bytes.toString('utf8')).join('\n'),
    };
    expect(h.logs.length).toBeGreaterThan(100);
    expect(h.slack.calls.length).toBeGreaterThan(20);
    expect(findLeaks(needles, places)).toEqual([]);
  });
});

describe.skipIf(host === undefined)('a key pasted in Socket Mode at LOG_LEVEL=debug', () => {
  it('reaches no log line: neither a refused paste nor the accepted key', { timeout: 60_000 }, async () => {
    const slack = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    harness = await startHarness({
      mode: 'socket',
      slack,
      env: { LOG_LEVEL: 'debug', ...host!.providerEnv },
    });
    const h = harness;
    await host!.setDockerBehaviour({
      onCall: {
        command: `node ${ADMIN} set-provider-connected true`,
        env: { FAKE_OMNI_STATE: h.omni.statePath },
      },
    });
    const pasted = Buffer.from(
      JSON.stringify({ name: 'infra-provider:proxmox', pgp_key: 'SOCKET-PASTED-KEY-4e1c9a7b2d' }),
    ).toString('base64');
    // A paste the modal refuses (a stray space) is never registered for scrubbing: only the cap keeps it out.
    const mangled = `${pasted.slice(0, 30)} ${pasted.slice(30)}`;
    const card = await requestCard(h, 'rotate-provider-key paste');
    await h.click(card, ACTION.approve, { userId: USERS.bob });
    await h.slack.waitFor('views.open');

    const refused = await h.submitView(
      VIEW.pasteKey,
      { key: mangled },
      { userId: USERS.bob, privateMetadata: requestIdOf(card) },
    );
    await h.submitView(
      VIEW.pasteKey,
      { key: pasted },
      { userId: USERS.bob, privateMetadata: requestIdOf(card) },
    );
    const summary = await waitForSummary(h, card);

    expect(JSON.parse(refused.body)).toMatchObject({ response_action: 'errors' });
    expect(String(summary.params.text)).toContain('Succeeded');
    // The bot itself did log at debug: the level was in force, only the Socket Mode client is capped.
    expect(h.logs.some((line) => line.includes('"level":"debug"'))).toBe(true);
    const needles = [
      ...secretNeedles('pasted key', pasted),
      ...secretNeedles('refused paste', mangled),
      ...secretNeedles('refused paste, second half', pasted.slice(30)),
      ...secretNeedles('app token', APP_TOKEN),
      ...secretNeedles('bot token', BOT_TOKEN),
    ];
    expect(findLeaks(needles, { 'the log': h.logs.join('\n') })).toEqual([]);
  });
});

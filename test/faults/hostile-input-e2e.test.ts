import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isClusterName, isMachineId } from '../../src/procedures/identifiers.js';
import { REQUEST_ID } from '../../src/recovery/new-id.js';
import { ACTION } from '../../src/slack/action-ids.js';
import { mutatingCalls } from '../support/approval-flow.js';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { startSshTestHost } from '../support/ssh/start-ssh-test-host.js';
import { buttonValue, clusterName, hostileCommandText, uuid } from './hostile-inputs.js';
import { inBatches, type Sent, sendClick, sendCommand, sendForgedViews } from './hostile-requests.js';
import { waitUntil } from './wait-until.js';

const host = await startSshTestHost();
// Every argument the bot gives omnictl: a word of its own vocabulary or a validated id.
const SAFE_ARG = /^(-{0,2}[a-z][a-z0-9.-]*|[0-9a-f-]{36}|[a-z0-9./-]+=[a-z0-9-]+|\{[^\s;|&`$<>\\]*\})$/;
// The buttons the bot makes, with what a real value looks like and what a forged well-formed one is.
const BUTTONS: [string, (v: string) => boolean, fc.Arbitrary<string>][] = [
  [ACTION.requestRemoval, isMachineId, uuid],
  [ACTION.requestRemovalAll, isClusterName, clusterName.map((c) => `zz-${c}`.slice(0, 63))],
  [ACTION.approve, (v) => REQUEST_ID.test(v), fc.constant('r-000000000000')],
  [ACTION.reject, (v) => REQUEST_ID.test(v), fc.constant('r-000000000000')],
  [ACTION.cancelRun, (v) => /^run-[0-9a-f]{12}$/.test(v), fc.constant('run-000000000000')],
  [ACTION.requestLabelFix, isClusterName, clusterName.map((c) => `zz-${c}`.slice(0, 63))],
  [ACTION.requestTemplateSync, isClusterName, clusterName.map((c) => `zz-${c}`.slice(0, 63))],
];
const FORGED_ACTION_IDS = [
  'approval.approve;reboot',
  'APPROVAL.APPROVE',
  'approval.approve\u200b',
  'run.cancel ',
];

let harness: Harness | undefined;
afterAll(() => host?.stop());
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function providerEnv(): Record<string, string> {
  if (!host) return {};
  return {
    PROVIDER_SSH_HOST: host.target.host,
    PROVIDER_SSH_PORT: String(host.target.port),
    PROVIDER_SSH_USER: host.user,
    PROVIDER_SSH_KEY_FILE: host.target.keyFile,
    PROVIDER_SSH_HOST_KEY: host.target.hostKey,
    PROVIDER_COMPOSE_DIR: host.composeDir,
  };
}

// Six malformed values and two well-formed ones naming nothing that exists, per button.
const forgedClicks = () =>
  BUTTONS.flatMap(([actionId, isValid, wellFormed], i) =>
    [
      ...fc.sample(
        buttonValue.filter((v) => v !== '' && !isValid(v)),
        { numRuns: 6, seed: i },
      ),
      ...fc.sample(wellFormed, { numRuns: 2, seed: i }),
    ].map((value) => ({ actionId, value })),
  );

describe('hostile input end to end, through the real HTTP receiver', () => {
  it('answers a few hundred hostile commands and forged clicks with a usage error or a denial, and runs nothing unvalidated', {
    timeout: 120_000,
  }, async () => {
    const h = await startHarness({ env: providerEnv() });
    harness = h;

    const texts = fc.sample(hostileCommandText, { numRuns: 240, seed: 20260825 });
    const commands = await inBatches(texts, 10, (text) => sendCommand(h, text));
    const clicks = await inBatches(forgedClicks(), 8, ({ actionId, value }) => sendClick(h, actionId, value));
    const strays = await Promise.all(FORGED_ACTION_IDS.map((id) => sendClick(h, id, 'r-000000000000')));
    const views = await sendForgedViews(h);
    const answersTo = (sent: Sent) => h.slack.responses.filter((r) => r.url === sent.url);
    await waitUntil(
      'an answer to every command and click',
      () => ([...commands, ...clicks].every((sent) => answersTo(sent).length > 0) ? true : undefined),
      60_000,
    );

    for (const sent of commands) {
      expect(sent.status, sent.what).toBe(200);
      expect(
        answersTo(sent).map((a) => a.body.response_type),
        sent.what,
      ).toEqual(['ephemeral']);
      expect(String(answersTo(sent)[0]?.body.text), sent.what).toContain('Usage:');
    }
    for (const sent of clicks) {
      expect(sent.status, sent.what).toBe(200);
      expect(answersTo(sent), sent.what).toHaveLength(1);
      expect(JSON.stringify(answersTo(sent)[0]?.body.blocks), sent.what).toContain(':x:');
    }
    expect(strays.map((s) => s.status)).toEqual([404, 404, 404, 404]);
    expect(strays.flatMap(answersTo)).toEqual([]);
    expect(views).toEqual([200, 200, 200]);
    // Nothing ran but reads, and every argument omnictl saw was the bot's own or a validated id.
    const args = (await h.omniLog()).flatMap((entry) => entry.argv);
    expect(mutatingCalls(await h.omniLog())).toEqual([]);
    expect(args.filter((arg) => !SAFE_ARG.test(arg))).toEqual([]);
    expect(args.filter((arg) => /^[0-9a-f-]{36}$/.test(arg) && !isMachineId(arg))).toEqual([]);
    expect(await host?.dockerLog()).toEqual(host ? [] : undefined);
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
    // No input reached an error boundary: the only error lines are Bolt's, for the unknown action ids.
    const errors = h.logs.filter((line) => line.includes('"level":"error"'));
    expect(errors.filter((line) => !line.includes('was not acknowledged'))).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${h.bot.port}/healthz`)).status).toBe(200);
  });
});

import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isClusterName, isMachineId } from '../../src/omni-model/identifiers.js';
import { REQUEST_ID } from '../../src/recovery/new-id.js';
import { ACTION } from '../../src/slack/action-ids.js';
import { mutatingCalls, W3 } from '../support/approval-flow.js';
import { CHANNEL, type Harness, INCIDENTS, startHarness } from '../support/bot-harness.js';
import { startSshTestHost } from '../support/ssh/start-ssh-test-host.js';
import { waitUntil } from '../support/wait-until.js';
import {
  buttonValue,
  clusterName,
  DIAGNOSE_COMMANDS,
  hostileCommandText,
  hostileDiagnoseValue,
  uuid,
} from './hostile-inputs.js';
import { inBatches, type Sent, sendClick, sendCommand, sendForgedViews } from './hostile-requests.js';
import { diagnoseRequestOf } from './validated-command.js';

const host = await startSshTestHost();
// Every argument the bot gives omnictl: a word of its own vocabulary or a validated id.
const SAFE_ARG = /^(-{0,2}[a-z][a-z0-9.-]*|[0-9a-f-]{36}|[a-z0-9./-]+=[a-z0-9-]+|\{[^\s;|&`$<>\\]*\})$/;
// The buttons the bot makes, with what a real value looks like and what a forged well-formed one is.
const BUTTONS: [string, (v: string) => boolean, fc.Arbitrary<string>][] = [
  [ACTION.requestRemoval, isMachineId, uuid],
  [ACTION.requestRemovalAll, isClusterName, clusterName.map((c) => `zz-${c}`.slice(0, 63))],
  [ACTION.approve, (v) => REQUEST_ID.test(v), fc.constant('r-000000000000')],
  [ACTION.approveAnyway, (v) => REQUEST_ID.test(v), fc.constant('r-000000000000')],
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
// A JSON value where Slack only ever sends a string: refused before any handler reads it.
const NON_STRING_VALUES: unknown[] = [42, true, null, { command: 'drift', cluster: 'talos-prod' }];
const ALL_BUTTONS = [...BUTTONS.map(([actionId]) => actionId), ACTION.diagnose];

let harness: Harness | undefined;
afterAll(() => host?.stop());
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function providerEnv(): Record<string, string> {
  return host?.providerEnv ?? {};
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
    const nonStrings = ALL_BUTTONS.flatMap((actionId) =>
      NON_STRING_VALUES.map((value) => ({ actionId, value })),
    );
    const clicks = await inBatches([...forgedClicks(), ...nonStrings], 8, ({ actionId, value }) =>
      sendClick(h, actionId, value),
    );
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

// Action ids a hand away from the alert's Diagnose button.
const NEAR_DIAGNOSE = [
  'alert.diagnose ',
  'ALERT.DIAGNOSE',
  'alert.diagnose\u200b',
  'alert.diagnose;drift',
  'alert.diagnos',
  'alert-diagnose',
  'alert.diagnose.',
  'alert.d\u0456agnose', // Cyrillic i
];
const FORGED = 'This button is not one the bot made (its value is malformed); nothing was done.';
const CANNOT_POST =
  'I cannot post in this channel. Invite me first (`/invite @omni-chatops`), then click Diagnose again.';

// An omnictl argument a Diagnose may give: the bot's own word, a validated id, or a cluster's template.
const isDiagnoseArg = (h: Harness) => (arg: string) => {
  const template = path.relative(h.templatesDir, arg).match(/^([^/]+)\.yaml$/)?.[1];
  if (template !== undefined) return isClusterName(template);
  return SAFE_ARG.test(arg) && (!arg.includes('=') || isClusterName(arg.split('=').at(-1) ?? ''));
};

describe('forged alert Diagnose clicks end to end, through the real HTTP receiver', () => {
  it('denies malformed values privately, runs only the read-only report a well-formed one names, and never errors', {
    timeout: 120_000,
  }, async () => {
    const h = await startHarness();
    harness = h;
    await h.bot.watch();
    h.clock.advance(3 * 60_000);
    await h.bot.watch();
    const alert = h.slack.channelMessages(INCIDENTS).find((m) => JSON.stringify(m.blocks).includes(W3));
    const alertValue = JSON.stringify(alert?.blocks).match(/"value":"(stuck-machines:[^"]*)"/)?.[1];
    expect(alertValue).toBe('stuck-machines:talos-prod');
    const from = { calls: h.slack.calls.length, omni: (await h.omniLog()).length, logs: h.logs.length };
    const malformed = fc.sample(
      hostileDiagnoseValue.filter((v) => diagnoseRequestOf(v) === undefined),
      { numRuns: 72, seed: 20260827 },
    );
    // Reports nobody asked for: each on its own made-up message, for clusters that do not exist.
    const wellFormed = DIAGNOSE_COMMANDS.map((command, i) => ({
      value: `${command}:${command === 'provider-status' ? '' : `zz-forged-${i}`}`,
      messageTs: `1767000001.00000${i}`,
    }));

    const denied = [
      ...(await inBatches(malformed.slice(0, 60), 10, (v) => sendClick(h, ACTION.diagnose, v))),
      // The same on the real alert, as if its button had carried them.
      ...(await inBatches(malformed.slice(60), 6, (v) =>
        sendClick(h, ACTION.diagnose, v, { channelId: INCIDENTS, messageTs: alert?.ts }),
      )),
    ];
    const reports = await Promise.all(
      wellFormed.map(({ value, messageTs }) => sendClick(h, ACTION.diagnose, value, { messageTs })),
    );
    // The real alert's value, and a drift of its cluster, clicked where the bot cannot post.
    const unreachable = await Promise.all(
      ['C0NOBOT', 'C0NOPE'].flatMap((channelId) =>
        [alertValue, 'drift:talos-prod'].map((v) => sendClick(h, ACTION.diagnose, v, { channelId })),
      ),
    );
    const strays = await Promise.all(NEAR_DIAGNOSE.map((id) => sendClick(h, id, alertValue)));
    const answersTo = (sent: Sent) => h.slack.responses.filter((r) => r.url === sent.url);
    const posts = () =>
      h.slack
        .callsTo('chat.postMessage')
        .filter((c) => h.slack.calls.indexOf(c) >= from.calls && c.response.ok === true);
    await waitUntil(
      'an answer to every forged Diagnose click',
      () =>
        [...denied, ...unreachable].every((sent) => answersTo(sent).length > 0) &&
        posts().length >= wellFormed.length
          ? true
          : undefined,
      60_000,
    );

    for (const sent of denied) {
      expect(sent.status, sent.what).toBe(200);
      expect(
        answersTo(sent).map((a) => [a.body.response_type, a.body.text]),
        sent.what,
      ).toEqual([['ephemeral', FORGED]]);
    }
    for (const sent of unreachable) {
      expect(sent.status, sent.what).toBe(200);
      expect(
        answersTo(sent).map((a) => [a.body.response_type, a.body.text]),
        sent.what,
      ).toEqual([['ephemeral', CANNOT_POST]]);
    }
    // A well-formed value is a read-only report anyone may ask for: it goes under the clicked message.
    expect(reports.map((sent) => [sent.status, answersTo(sent)])).toEqual(reports.map(() => [200, []]));
    expect(posts().map((c) => [c.params.channel, c.params.thread_ts])).toEqual(
      expect.arrayContaining(wellFormed.map(({ messageTs }) => [CHANNEL, messageTs])),
    );
    expect(posts()).toHaveLength(wellFormed.length);
    for (const { value, messageTs } of wellFormed) {
      const post = posts().find((c) => c.params.thread_ts === messageTs);
      expect(String(post?.params.text), value).toContain(value.split(':')[1] || 'provider');
    }
    expect(strays.map((s) => s.status)).toEqual(NEAR_DIAGNOSE.map(() => 404));
    expect(strays.flatMap(answersTo)).toEqual([]);
    expect(h.slack.calls.slice(from.calls).filter((c) => c.method === 'chat.update')).toEqual([]);
    // omnictl only read, and was given only its own words, validated cluster names and their templates.
    const log = (await h.omniLog()).slice(from.omni);
    expect(mutatingCalls(log)).toEqual([]);
    expect(log.flatMap((entry) => entry.argv).filter((arg) => !isDiagnoseArg(h)(arg))).toEqual([]);
    expect(log.map((entry) => entry.argv.join(' '))).toContain(
      `cluster template diff -f ${path.join(h.templatesDir, 'talos-prod.yaml')}`,
    );
    const errors = h.logs.slice(from.logs).filter((line) => line.includes('"level":"error"'));
    expect(errors.filter((line) => !line.includes('was not acknowledged'))).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${h.bot.port}/healthz`)).status).toBe(200);
  });
});

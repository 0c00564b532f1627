import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ACTION, VIEW } from '../../src/slack/action-ids.js';
import type { StoredMessage } from '../fakes/slack/fake-slack-types.js';
import { nextResponse, requestCard, storedMessage, waitForSummary } from '../support/approval-flow.js';
import {
  CHANNEL,
  FIXED_TEMPLATE,
  type Harness,
  INCIDENTS,
  messagesMentioning,
  startHarness,
  USERS,
} from '../support/bot-harness.js';
import { startSshTestHost } from '../support/ssh/start-ssh-test-host.js';
import {
  CHANNEL_PING,
  CHANNEL_PING_SHOWN,
  EVIL_LINK,
  EVIL_LINK_SHOWN,
  HOSTILE_TEXT,
} from './hostile-inputs.js';
import {
  escapedPlainText,
  escapedTwice,
  everythingSent,
  foreignSequences,
  joined,
  sentText,
} from './slack-control-sequences.js';

const W2 = '6a4c8e2f-0b7d-4f19-93a5-d8e1c7b4f026';
// The worker the label-loop report names; its hostname (a label Omni shows) carries the ping too.
const W2_HOST = `talos-prod-workers-k9tx4b ${CHANNEL_PING}`;
// A kubelet refusing its --node-labels prints the keys as Go's []string: what is between the
// brackets is whatever the template (or whoever wrote the log line) put there. Joined back with
// ", " on a card, `<https://evil.example|approve` and `here>` become one link.
const HOSTILE_LOG = [
  'kubelet[1843]: E0822 09:03:04.352117 server.go:215] "Failed to validate kubelet flags" ',
  `err="unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: [${CHANNEL_PING} ${EVIL_LINK}]"`,
  '\n',
].join('');

const host = await startSshTestHost();
// A template whose label value says it too: `cluster template diff` shows it on the drift report
// and on the sync's approval card.
const HOSTILE_TEMPLATE = FIXED_TEMPLATE.replace(
  'topology.kubernetes.io/zone: homelab',
  `topology.kubernetes.io/zone: "homelab ${CHANNEL_PING} ${EVIL_LINK}"`,
);

let harness: Harness | undefined;
afterAll(() => host?.stop());
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function cardAfter(h: Harness, from: number): Promise<StoredMessage> {
  return h.slack
    .waitFor((c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'), {
      from,
      timeoutMs: 10_000,
    })
    .then((call) => storedMessage(h.slack, call));
}

// The report a command posts in the channel (its text starts with `starts`).
async function post(h: Harness, text: string, starts: string): Promise<StoredMessage> {
  const from = h.slack.calls.length;
  await h.command(text);
  const call = await h.slack.waitFor(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.params.channel === CHANNEL &&
      String(c.params.text).startsWith(starts),
    { from, timeoutMs: 10_000 },
  );
  return storedMessage(h.slack, call);
}

async function answer(h: Harness, text: string): Promise<string> {
  const from = h.slack.responses.length;
  await h.command(text);
  const response = await nextResponse(h, from);
  return joined(sentText(response.body));
}

const shown = (message: StoredMessage | undefined) => joined(sentText(message));

describe('text from Omni, omnictl, node logs and people reaches Slack as text, end to end', () => {
  it('a hostile log line, hostname, stderr, template, omnictl error, typed reason and command never ping or link', {
    timeout: 60_000,
  }, async () => {
    const h = await startHarness({ templates: { 'talos-prod': HOSTILE_TEMPLATE } });
    harness = h;
    await h.omni.update((state) => {
      for (const machine of state.machines) if (machine.uuid === W2) machine.nodeName = W2_HOST;
    });
    await h.omni.injectFault({ match: ['machine-logs', W2], stdout: HOSTILE_LOG });
    // The removal of the node fails with omnictl's stderr quoting the same text.
    await h.omni.injectFault({
      match: ['cluster', 'machine', 'delete', W2],
      exitCode: 1,
      stderr: `Error: ${HOSTILE_TEXT}\n`,
    });

    // 1. The label-loop report: the node's hostname, its evidence and the label keys from its log.
    const report = await post(h, 'reboot-loop talos-prod', 'NodeRestriction labels');
    expect(shown(report)).toContain(`talos-prod-workers-k9tx4b ${CHANNEL_PING_SHOWN}`);
    expect(shown(report)).toContain(`(${CHANNEL_PING_SHOWN}, &lt;https://evil.example|approve, here&gt;)`);

    // 2. The approval card of the fix: the target's hostname, stage (evidence) and phase (keys).
    const from = h.slack.calls.length;
    await h.click(report, ACTION.requestLabelFix, { userId: USERS.alice });
    const card = await cardAfter(h, from);
    expect(shown(card)).toContain(
      `rejected labels: ${CHANNEL_PING_SHOWN}, &lt;https://evil.example|approve, here&gt;`,
    );
    expect(shown(card)).toContain(`Requested by <@${USERS.alice}>`);

    // 3. The run: the failed step's stderr tail and note, the verdict on the card, the incident notice.
    await h.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(h, card);
    const summaryText = joined(sentText(summary.params));
    expect(summaryText).toContain(`\`\`\`Error: ${CHANNEL_PING_SHOWN} ${EVIL_LINK_SHOWN}`);
    expect(summaryText).toMatch(
      /Failed: Step \d+ \(Remove the Link of talos-prod-workers-k9tx4b &lt;!channel&gt;/,
    );
    const closed = await h.slack.waitFor(
      (c) => c.method === 'chat.update' && c.params.ts === card.ts && /failed:/.test(String(c.params.text)),
    );
    expect(joined(sentText(closed.params))).toContain(`Approved by <@${USERS.bob}>; failed: Step`);
    expect(joined(sentText(closed.params))).toContain(CHANNEL_PING_SHOWN);
    const notice = await h.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.channel === INCIDENTS &&
        /failed:/.test(String(c.params.text)),
    );
    expect(joined(sentText(notice.params))).toContain(`failed: Step`);
    expect(joined(sentText(notice.params))).toContain(EVIL_LINK_SHOWN);

    // 4. The history lists the run's outcome, quoting omnictl.
    expect(await answer(h, 'history')).toContain(CHANNEL_PING_SHOWN);

    // 5. A reason typed into the recover-cluster dialog, on its card.
    const beforeRecover = h.slack.calls.length;
    await h.command('recover-cluster talos-prod');
    const modal = await h.slack.waitFor('views.open', { from: beforeRecover });
    await h.submitView(
      VIEW.recoverCluster,
      { name: 'talos-prod', reason: `etcd lost ${HOSTILE_TEXT}` },
      { privateMetadata: (modal.params.view as { private_metadata: string }).private_metadata },
    );
    const recoverCard = await cardAfter(h, beforeRecover);
    expect(shown(recoverCard)).toContain(`_etcd lost ${CHANNEL_PING_SHOWN} ${EVIL_LINK_SHOWN}`);

    // 6. Template content in `cluster template diff`: on the drift report, and on the sync's card.
    const drift = await post(h, 'drift talos-prod', 'State drift');
    // (omnictl's YAML folds the long value: the link's label goes on the next line.)
    expect(shown(drift)).toContain(`homelab ${CHANNEL_PING_SHOWN} &lt;https://evil.example|approve`);
    const beforeSync = h.slack.calls.length;
    await h.command('sync-template talos-prod');
    const syncCard = await cardAfter(h, beforeSync);
    expect(shown(syncCard)).toContain(`homelab ${CHANNEL_PING_SHOWN} &lt;https://evil.example|approve`);

    // 7. omnictl's own error message, answered to the one who asked.
    await h.omni.injectFault({
      match: ['get', 'clustermachinestatuses'],
      exitCode: 1,
      stderr: `Error: ${HOSTILE_TEXT}\n`,
      times: 1,
    });
    expect(await answer(h, 'stuck-machines')).toContain(CHANNEL_PING_SHOWN);

    // 8. What was typed, echoed in a usage error.
    expect(await answer(h, `stuck-machines ${CHANNEL_PING}`)).toContain(`\`${CHANNEL_PING_SHOWN}\``);
    expect(await answer(h, '<https://evil.example|approve>')).toContain(
      '&lt;https://evil.example|approve&gt;',
    );

    // Nowhere in anything the bot sent is there a `<…>` it did not make: its mentions of people it
    // knows, dates, and the threads' permalinks only. Nothing is escaped twice or in plain_text.
    const sent = everythingSent(h.slack);
    const permalinks = h.slack.callsTo('chat.getPermalink').map((c) => String(c.response.permalink));
    expect(foreignSequences(sent, { users: Object.values(USERS), links: permalinks })).toEqual([]);
    expect(escapedTwice(sent)).toEqual([]);
    expect(escapedPlainText(sent)).toEqual([]);
    expect(JSON.stringify(h.slack.calls.map((c) => c.params))).not.toContain(CHANNEL_PING);
    expect(JSON.stringify(h.slack.responses.map((r) => r.body))).not.toContain(CHANNEL_PING);
    expect(messagesMentioning(h.slack.channelMessages(CHANNEL), 'evil.example|approve here>')).toEqual([]);
  });
});

describe.skipIf(host === undefined)('the provider host’s stderr reaches Slack as text, end to end', () => {
  it('a failed `docker compose restart` quoting `<!channel>` and a link: escaped in the summary, the card and the notice', {
    timeout: 60_000,
  }, async () => {
    await host!.setDockerBehaviour({ exitCode: 1, stderr: `Error response from daemon: ${HOSTILE_TEXT}\n` });
    const h = await startHarness({ env: host!.providerEnv });
    harness = h;

    const card = await requestCard(h, 'restart-provider provider stuck');
    await h.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = joined(sentText((await waitForSummary(h, card)).params));
    await h.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.channel === INCIDENTS &&
        /failed:/.test(String(c.params.text)),
    );

    expect(summary).toContain(`Error response from daemon: ${CHANNEL_PING_SHOWN} ${EVIL_LINK_SHOWN}`);
    const sent = everythingSent(h.slack);
    const permalinks = h.slack.callsTo('chat.getPermalink').map((c) => String(c.response.permalink));
    expect(foreignSequences(sent, { users: Object.values(USERS), links: permalinks })).toEqual([]);
    expect(escapedTwice(sent)).toEqual([]);
    expect(JSON.stringify(h.slack.calls.map((c) => c.params))).not.toContain(CHANNEL_PING);
    expect(await host!.dockerLog()).toEqual([{ argv: ['compose', 'restart'], cwd: host!.composeDir }]);
  });
});

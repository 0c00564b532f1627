// What was approved is what runs: template procedures run from a read-only snapshot of the template
// and its patch files taken at request time, and an approval is refused when the files on disk no
// longer match the card.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, VIEW } from '../../src/slack/action-ids.js';
import type { InvocationLogEntry } from '../fakes/omnictl/fake-omni.js';
import type { StoredMessage } from '../fakes/slack/fake-slack-types.js';
import { mutatingCalls, nextResponse, storedMessage, waitForSummary } from '../support/approval-flow.js';
import { CHANNEL, FIXED_TEMPLATE, type Harness, startHarness, USERS } from '../support/bot-harness.js';

// The fixed template with its worker labels in a `file:` patch, as template repositories keep them.
const TEMPLATE = FIXED_TEMPLATE.replace(
  /- name: worker-labels\n {4}inline:\n[\s\S]*$/,
  '- name: worker-labels\n    file: patches/worker-labels.yaml\n',
);
const PATCH = 'machine:\n  nodeLabels:\n    topology.kubernetes.io/zone: homelab\n';
const EDITED_PATCH = 'machine:\n  nodeLabels:\n    topology.kubernetes.io/zone: somewhere-else\n';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function writeTemplates(h: Pick<Harness, 'templatesDir'>, template = TEMPLATE, patch = PATCH) {
  mkdirSync(path.join(h.templatesDir, 'patches'), { recursive: true });
  writeFileSync(path.join(h.templatesDir, 'talos-prod.yaml'), template);
  writeFileSync(path.join(h.templatesDir, 'patches/worker-labels.yaml'), patch);
}

function cardAfter(h: Harness, from: number): Promise<StoredMessage> {
  return h.slack
    .waitFor((c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'), {
      from,
      timeoutMs: 10_000,
    })
    .then((call) => storedMessage(h.slack, call));
}

// The `-f` argument of a logged omnictl call.
function fileArg(entry: InvocationLogEntry): string | undefined {
  const at = entry.argv.indexOf('-f');
  return at === -1 ? undefined : entry.argv[at + 1];
}

async function openRecovery(h: Harness) {
  const from = h.slack.calls.length;
  await h.command('recover-cluster talos-prod');
  const modal = await h.slack.waitFor('views.open', { from });
  const view = modal.params.view as { private_metadata: string };
  return h.submitView(
    VIEW.recoverCluster,
    { name: 'talos-prod', reason: 'etcd lost, restoring from scratch' },
    { privateMetadata: view.private_metadata },
  );
}

async function healthyHarness(overrides?: Parameters<typeof startHarness>[0]) {
  const h = await startHarness({ scenario: 'healthy', templates: { 'talos-prod': TEMPLATE }, ...overrides });
  writeTemplates(h);
  await h.omni.update((state) => {
    state.provisionGets = 0;
    return state;
  });
  return h;
}

const templateCalls = (log: InvocationLogEntry[]) =>
  log.filter((e) => e.argv.slice(0, 2).join(' ') === 'cluster template');

describe('a template edited after the request', () => {
  it.each([
    ['the template', 'clusters/talos-prod.yaml', () => [`${TEMPLATE}# edited after the request\n`, PATCH]],
    ['a patch file', 'clusters/patches/worker-labels.yaml', () => [TEMPLATE, EDITED_PATCH]],
  ])('refuses the approval when %s changed, naming it, and runs nothing', async (_what, file, edit) => {
    harness = await startHarness();
    writeTemplates(harness);
    const from = harness.slack.calls.length;
    await harness.command('sync-template talos-prod');
    const card = await cardAfter(harness, from);
    const [template, patch] = edit();
    writeTemplates(harness, template, patch);
    const before = (await harness.omniLog()).length;

    const responses = harness.slack.responses.length;
    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    const answer = await nextResponse(harness, responses);

    const reason = `The template changed since the request: ${file} was edited.`;
    expect(JSON.stringify(answer.body)).toContain(reason);
    expect(JSON.stringify(answer.body)).toContain('Nothing ran');
    const after = (await harness.omniLog()).slice(before);
    expect(mutatingCalls(after)).toEqual([]);
    expect(after.filter((e) => /^cluster template (validate|sync|status)/.test(e.argv.join(' ')))).toEqual(
      [],
    );
    await harness.slack.waitFor((c) => c.method === 'chat.postMessage' && c.params.thread_ts === card.ts, {
      timeoutMs: 10_000,
    });
    const thread = harness.slack.thread(CHANNEL, card.ts).map((m) => m.text);
    expect(thread.some((t) => t.includes(reason))).toBe(true);
  });

  it('refuses a cluster recovery whose patch file changed after the request: nothing is deleted', async () => {
    harness = await healthyHarness();
    const from = harness.slack.calls.length;
    await openRecovery(harness);
    const card = await cardAfter(harness, from);
    writeTemplates(harness, TEMPLATE, EDITED_PATCH);
    const before = (await harness.omniLog()).length;

    await harness.click(card, ACTION.approve, { userId: USERS.bob });
    await nextResponse(harness, 0);
    const responses = harness.slack.responses.length;
    await harness.click(card, ACTION.approve, { userId: USERS.dave });
    const answer = await nextResponse(harness, responses);

    expect(JSON.stringify(answer.body)).toContain(
      'The template changed since the request: clusters/patches/worker-labels.yaml was edited.',
    );
    expect(mutatingCalls((await harness.omniLog()).slice(before))).toEqual([]);
  });
});

describe('a patch file edited during a run', () => {
  it('has no effect: every step, the redeploy included, reads the snapshot taken at request time', async () => {
    // The first wait of the run (after the delete, while the cluster tears down) is when the
    // template repository changes under the bot.
    let editDuringWait: (() => void) | undefined;
    const ref: { h?: Harness } = {};
    harness = await healthyHarness({
      overrides: {
        sleep: async (ms) => {
          editDuringWait?.();
          editDuringWait = undefined;
          ref.h?.clock.advance(ms);
        },
      },
    });
    ref.h = harness;
    const h = harness;
    editDuringWait = () => writeTemplates(h, `${TEMPLATE}# edited during the run\n`, EDITED_PATCH);
    const from = h.slack.calls.length;
    await openRecovery(h);
    const card = await cardAfter(h, from);

    await h.click(card, ACTION.approve, { userId: USERS.bob });
    await nextResponse(h, 0);
    await h.click(card, ACTION.approve, { userId: USERS.dave });
    const summary = await waitForSummary(h, card);

    expect(String(summary.params.text)).toContain('Succeeded');
    expect(editDuringWait).toBeUndefined();
    const calls = templateCalls(await h.omniLog()).filter((e) => !e.argv.includes('diff'));
    expect(calls.map((e) => e.argv.slice(0, 3).join(' '))).toEqual([
      'cluster template validate',
      'cluster template delete',
      'cluster template validate',
      'cluster template sync',
      'cluster template status',
    ]);
    const snapshots = path.join(path.dirname(h.stateDb), 'snapshots');
    for (const call of calls) {
      const file = fileArg(call) ?? '';
      expect(file.startsWith(`${snapshots}${path.sep}`)).toBe(true);
      expect(call.files?.map((f) => f.sha256).sort()).toEqual([sha256(TEMPLATE), sha256(PATCH)].sort());
      expect(call.files?.map((f) => path.relative(path.dirname(file), f.path)).sort()).toEqual([
        'patches/worker-labels.yaml',
        'talos-prod.yaml',
      ]);
    }
    const snapshotFile = fileArg(calls[0]!) ?? '';
    expect(statSync(snapshotFile).mode & 0o777).toBe(0o400);
    expect(statSync(path.dirname(snapshotFile)).mode & 0o777).toBe(0o700);
    expect(JSON.stringify(card.blocks)).toContain(`-f ${snapshotFile}`);
  });
});

describe('old template snapshots', () => {
  it('are removed a week after their last use, unless a request that may still run reads them', async () => {
    harness = await startHarness({ env: { APPROVAL_TTL: '30d' } });
    const h = harness;
    writeTemplates(h);
    const snapshots = path.join(path.dirname(h.stateDb), 'snapshots');
    let from = h.slack.calls.length;
    await h.command('sync-template talos-prod');
    const rejected = await cardAfter(h, from);
    const [first] = readdirSync(snapshots);
    await h.click(rejected, ACTION.reject, { userId: USERS.bob });
    await h.slack.waitFor((c) => c.method === 'chat.update' && c.params.ts === rejected.ts, {
      timeoutMs: 10_000,
    });
    writeTemplates(h, TEMPLATE, EDITED_PATCH);
    from = h.slack.calls.length;
    await h.command('sync-template talos-prod');
    await cardAfter(h, from);
    const second = readdirSync(snapshots).find((name) => name !== first);

    h.clock.advance(8 * 24 * 3_600_000);
    await h.bot.sweep();

    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(path.join(snapshots, first ?? ''))).toBe(false);
    expect(existsSync(path.join(snapshots, second ?? ''))).toBe(true);
  });
});

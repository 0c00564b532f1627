// Diffs shown whole: an approver reads every line of `cluster template diff` before approving a
// sync, the card says how long it is and where it is, and no secret-looking value is posted.

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/action-ids.js';
import type { StoredMessage } from '../fakes/slack/fake-slack-types.js';
import { storedMessage, waitForSummary } from '../support/approval-flow.js';
import { CHANNEL, FIXED_TEMPLATE, type Harness, startHarness, USERS } from '../support/bot-harness.js';

const TOKEN = 'tok-9f8e7d6c5b4a39281706';
const KEY_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';

// A ~10 kB diff: one ConfigPatch hunk after another, with a token and a private key in the middle.
function bigDiff(): string {
  const lines: string[] = [];
  for (let i = 1; lines.join('\n').length < 10_000; i += 1) {
    const n = String(i).padStart(3, '0');
    lines.push(
      `--- ConfigPatches.omni.sidero.dev(default/400-talos-prod-workers-p${n})`,
      `+++ ConfigPatches.omni.sidero.dev(default/400-talos-prod-workers-p${n})`,
      '@@ -3,4 +3,4 @@',
      '   data: |',
      '     machine:',
      `-        sysctls: {vm.max_map_count: "${n}0"}`,
      `+        sysctls: {vm.max_map_count: "${n}1"}`,
    );
    if (i === 20) {
      lines.push(
        `+        token: ${TOKEN}`,
        '+        key: |',
        '+            -----BEGIN PRIVATE KEY-----',
        `+            ${KEY_BODY}`,
        '+            -----END PRIVATE KEY-----',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const unescapeMrkdwn = (text: string) =>
  text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
const codeIn = (message: StoredMessage) => {
  const text = (message.blocks ?? [])
    .map((b) => (b as { text?: { text?: string } }).text?.text ?? '')
    .join('\n');
  return unescapeMrkdwn(/```([\s\S]*)```/.exec(text)?.[1] ?? '');
};

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function requestSync(diff: string) {
  const h = await startHarness({ scenario: 'healthy', templates: { 'talos-prod': FIXED_TEMPLATE } });
  harness = h;
  await h.omni.injectFault({ match: ['cluster', 'template', 'diff'], stdout: diff, exitCode: 0 });
  const from = h.slack.calls.length;
  await h.command('sync-template talos-prod');
  const call = await h.slack.waitFor(
    (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
    { from, timeoutMs: 10_000 },
  );
  return { h, card: storedMessage(h.slack, call) };
}

// Every line of the diff, except the secret ones, in order.
function expectWhole(posted: string, diff: string) {
  const visible = diff
    .trimEnd()
    .split('\n')
    .filter((l) => !l.includes(TOKEN) && !l.includes('PRIVATE KEY') && !l.includes(KEY_BODY));
  let from = 0;
  for (const line of visible) {
    const at = posted.indexOf(line, from);
    expect(at, line).toBeGreaterThanOrEqual(from);
    from = at + line.length;
  }
}

describe('a 10 kB template diff', () => {
  it('reaches the approver whole, as a file in the thread, and the card says how long it is and where', async () => {
    const diff = bigDiff();
    const { h, card } = await requestSync(diff);

    const upload = await h.slack.waitFor('files.completeUploadExternal', { timeoutMs: 10_000 });

    expect(upload.params.thread_ts).toBe(card.ts);
    const shared = h.slack.thread(CHANNEL, card.ts).find((m) => m.source === 'files.completeUploadExternal');
    const file = shared?.files?.[0]?.bytes.toString('utf8') ?? '';
    expectWhole(file, diff);
    expect(file).not.toContain(TOKEN);
    expect(file).not.toContain(KEY_BODY);
    expect(file).toContain('token: ••• (hidden)');
    expect(shared?.text).toContain('Read all of it before approving');
    const lines = file.trimEnd().split('\n').length;
    const blocks = JSON.stringify(card.blocks);
    expect(blocks).toContain(
      `${lines.toLocaleString('en-US')} lines, ${file.length.toLocaleString('en-US')} characters`,
    );
    expect(blocks).toContain("the whole diff is in this request's thread");
    expect(blocks).toContain('`talos-prod-template.diff`');
    expect(blocks).toContain('Read all of it before approving');
    expect(blocks).not.toContain('truncated');

    await h.click(card, ACTION.approve, { userId: USERS.bob });
    const summary = await waitForSummary(h, card);
    expect(String(summary.params.text)).toContain('Succeeded');
  });

  it('is posted as consecutive thread messages holding every line when Slack refuses the file', async () => {
    const diff = bigDiff();
    const h = await startHarness({ templates: { 'talos-prod': FIXED_TEMPLATE } });
    harness = h;
    h.slack.failNext('files.getUploadURLExternal', { error: 'missing_scope' });
    await h.omni.injectFault({ match: ['cluster', 'template', 'diff'], stdout: diff, exitCode: 0 });
    const from = h.slack.calls.length;
    await h.command('sync-template talos-prod');
    const cardCall = await h.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && String(c.params.text).includes('approval needed'),
      { from, timeoutMs: 10_000 },
    );
    const card = storedMessage(h.slack, cardCall);

    await h.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && /part (\d+) of \1\b/.test(String(c.params.text)),
      { timeoutMs: 10_000 },
    );

    const parts = h.slack.thread(CHANNEL, card.ts).filter((m) => /part \d+ of \d+/.test(m.text));
    expect(parts.length).toBeGreaterThanOrEqual(4);
    const joined = parts.map(codeIn).join('\n');
    expectWhole(joined, diff);
    expect(joined).not.toContain(TOKEN);
  });
});

describe('a secret in a template diff', () => {
  it('is never posted nor stored; the approval card shows the rest of the diff whole', async () => {
    const diff = [
      '--- ConfigPatches.omni.sidero.dev(default/400-talos-prod-workers-registry)',
      '+++ ConfigPatches.omni.sidero.dev(default/400-talos-prod-workers-registry)',
      '@@ -4,3 +4,5 @@',
      '     machine:',
      '         registries:',
      `+            password: ${TOKEN}`,
      '+            endpoint: https://registry.local',
      '',
    ].join('\n');

    const { h, card } = await requestSync(diff);

    expect(JSON.stringify(h.slack.calls.map((c) => c.params))).not.toContain(TOKEN);
    const blocks = JSON.stringify(card.blocks);
    expect(blocks).toContain('+            password: ••• (hidden)');
    expect(blocks).toContain('+            endpoint: https://registry.local');
    expect(blocks).toContain('7 lines');
    const stored = ['', '-wal']
      .map((suffix) => {
        try {
          return readFileSync(`${h.stateDb}${suffix}`).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('');
    expect(stored).toContain('registry.local');
    expect(stored).not.toContain(TOKEN);
  });
});

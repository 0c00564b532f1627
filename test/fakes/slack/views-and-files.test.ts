import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeWebClient } from './fake-web-client.js';
import { newTriggerId } from './slack-requests.js';
import { type FakeSlack, startFakeSlack } from './start-fake-slack.js';

let fake: FakeSlack;
const modal = (title = 'Drain machine') => ({
  type: 'modal' as const,
  callback_id: 'drain',
  title: { type: 'plain_text' as const, text: title },
  submit: { type: 'plain_text' as const, text: 'Drain' },
  blocks: [
    {
      type: 'input',
      block_id: 'reason',
      label: { type: 'plain_text', text: 'Reason' },
      element: { type: 'plain_text_input', action_id: 'value' },
    },
  ],
});

beforeEach(async () => {
  fake ??= await startFakeSlack();
  fake.reset();
});
afterAll(() => fake?.close());

describe('views', () => {
  it('opens a modal once per trigger_id and updates it by id', async () => {
    const triggerId = newTriggerId();

    const opened = await fakeWebClient(fake).views.open({ trigger_id: triggerId, view: modal() });
    const updated = await fakeWebClient(fake).views.update({
      view_id: opened.view!.id!,
      view: modal('Draining…'),
    });

    expect(fake.views()).toMatchObject([
      { id: opened.view!.id, triggerId, view: { title: { text: 'Draining…' } } },
    ]);
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    await expect(
      fakeWebClient(fake).views.open({ trigger_id: triggerId, view: modal() }),
    ).rejects.toMatchObject({
      data: { error: 'exchanged_trigger_id' },
    });
  });

  it('requires a trigger_id', async () => {
    const response = await fetch(`${fake.apiUrl}views.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.options.botToken}` },
      body: new URLSearchParams({ view: JSON.stringify(modal()) }).toString(),
    });

    expect(await response.json()).toMatchObject({ ok: false, error: 'invalid_arguments' });
  });

  it('refuses a title over 24 characters and more than 100 blocks', async () => {
    const tooMany = { ...modal(), blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) };

    const longTitle = fakeWebClient(fake).views.open({
      trigger_id: newTriggerId(),
      view: modal('x'.repeat(25)),
    });
    const manyBlocks = fakeWebClient(fake).views.open({ trigger_id: newTriggerId(), view: tooMany });

    await expect(longTitle).rejects.toMatchObject({
      data: {
        error: 'invalid_arguments',
        response_metadata: { messages: [expect.stringContaining('/view/title/text')] },
      },
    });
    await expect(manyBlocks).rejects.toMatchObject({
      data: { errors: [expect.stringContaining('[json-pointer:/view/blocks]')] },
    });
  });
});

describe('files.uploadV2', () => {
  it('uploads through the fake and posts the file into the thread', async () => {
    const parent = await fakeWebClient(fake).chat.postMessage({ channel: 'C0OPS', text: 'run log follows' });

    await fakeWebClient(fake).filesUploadV2({
      channel_id: 'C0OPS',
      thread_ts: parent.ts!,
      filename: 'run.log',
      content: 'line 1\nline 2\n',
      initial_comment: 'Full log',
    });

    const [, reply] = fake.thread('C0OPS', parent.ts!);
    expect(reply).toMatchObject({ text: 'Full log', source: 'files.completeUploadExternal' });
    expect(reply?.files?.[0]?.bytes.toString()).toBe('line 1\nline 2\n');
    expect(fake.uploadedFiles()).toMatchObject([{ name: 'run.log', size: 14 }]);
    expect(fake.callsTo('files.getUploadURLExternal')[0]?.response.upload_url).toMatch(/\/upload\/v1\/F/);
  });

  it("answers Slack's documented errors: a file over the workspace's limit, uploads turned off, a long alt text", async () => {
    const small = await startFakeSlack({ maxFileBytes: 10 });
    const off = await startFakeSlack({ fileUploadsDisabled: true });
    try {
      const upload = (target: FakeSlack, content: string, extra: Record<string, string> = {}) =>
        fakeWebClient(target).files.getUploadURLExternal({
          filename: 'a.md',
          length: Buffer.byteLength(content),
          ...extra,
        });

      await expect(upload(small, '12345678901')).rejects.toMatchObject({
        data: { error: 'file_upload_size_restricted' },
      });
      await expect(upload(small, '1234567890')).resolves.toMatchObject({ ok: true });
      await expect(upload(off, 'a')).rejects.toMatchObject({ data: { error: 'file_uploads_disabled' } });
      await expect(upload(small, 'a', { alt_txt: 'x'.repeat(1001) })).rejects.toMatchObject({
        data: { error: 'alt_txt_too_large' },
      });
    } finally {
      await small.close();
      await off.close();
    }
  });

  it('keeps nothing of an upload longer than the length asked for, so completing it fails', async () => {
    const asked = await fakeWebClient(fake).files.getUploadURLExternal({ filename: 'a.md', length: 3 });
    const posted = await fetch(String(asked.upload_url), { method: 'POST', body: 'abcdef' });

    expect(posted.status).toBe(413);
    await expect(
      fakeWebClient(fake).files.completeUploadExternal({ files: [{ id: String(asked.file_id) }] }),
    ).rejects.toMatchObject({ data: { error: 'file_not_found' } });
  });

  it('refuses to share into a channel the bot is not in', async () => {
    const upload = fakeWebClient(fake).filesUploadV2({
      channel_id: 'C0NOBOT',
      filename: 'a.txt',
      content: 'a',
    });

    await expect(upload).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
  });
});

import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from './views/block-kit.js';

export type PostResult = { ok: true; ts: string } | { ok: false; error: string };

// Slack API refusals (`not_in_channel`, …) come back as values; transport failures still throw.
function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

export type Messenger = ReturnType<typeof createMessenger>;

export function createMessenger(client: WebClient) {
  async function attempt<T>(
    call: () => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === undefined) throw error;
      return { ok: false, error: code };
    }
  }

  return {
    async post(channel: string, message: SlackMessage, threadTs?: string): Promise<PostResult> {
      const result = await attempt(() =>
        client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, thread_ts: threadTs }),
      );
      return result.ok ? { ok: true, ts: String(result.value.ts) } : result;
    },
    async update(channel: string, ts: string, message: SlackMessage): Promise<PostResult> {
      const result = await attempt(() =>
        client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }),
      );
      return result.ok ? { ok: true, ts } : result;
    },
    async ephemeral(channel: string, user: string, message: SlackMessage): Promise<PostResult> {
      const result = await attempt(() =>
        client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks }),
      );
      return result.ok ? { ok: true, ts: String(result.value.message_ts ?? '') } : result;
    },
    // files.uploadV2: getUploadURLExternal, the bytes to the upload URL, completeUploadExternal
    // shared into the thread. Needs the files:write scope.
    async upload(
      channel: string,
      // Absent: the file is shared in the channel itself.
      threadTs: string | undefined,
      file: { filename: string; title: string; content: string; comment: string },
    ): Promise<{ ok: true } | { ok: false; error: string }> {
      const common = {
        filename: file.filename,
        title: file.title,
        content: file.content,
        initial_comment: file.comment,
      };
      const result = await attempt(() =>
        threadTs
          ? client.filesUploadV2({ channel_id: channel, thread_ts: threadTs, ...common })
          : client.filesUploadV2({ channel_id: channel, ...common }),
      );
      return result.ok ? { ok: true } : result;
    },
    async permalink(channel: string, ts: string): Promise<string | undefined> {
      const result = await attempt(() => client.chat.getPermalink({ channel, message_ts: ts }));
      return result.ok ? result.value.permalink : undefined;
    },
  };
}

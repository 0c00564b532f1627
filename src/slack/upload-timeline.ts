import type { TimelineDocument } from '../recovery/timeline/read-timeline.js';
import type { Messenger } from './slack-messenger.js';
import { escapeMrkdwn } from './views/block-kit.js';

/**
 * One file upload (files.getUploadURLExternal + completeUploadExternal): into the request's thread
 * when the timeline has one, else into `channel`. Slack's refusal comes back as a value.
 */
export async function uploadTimeline(
  messenger: Messenger,
  doc: TimelineDocument,
  channel: string,
  askedBy: string,
): Promise<{ ok: true; where: string } | { ok: false; error: string }> {
  const inThread = doc.channel !== undefined && doc.threadTs !== undefined;
  const uploaded = await messenger
    .upload(inThread ? (doc.channel ?? channel) : channel, inThread ? doc.threadTs : undefined, {
      filename: doc.filename,
      title: doc.title,
      content: doc.markdown,
      comment: `${escapeMrkdwn(doc.title)}, asked for by <@${askedBy}>.`,
    })
    .catch((error: unknown) => ({
      ok: false as const,
      error: error instanceof Error ? error.message : 'unknown',
    }));
  if (!uploaded.ok) return uploaded;
  return { ok: true, where: inThread ? 'in the request’s thread' : 'in this channel' };
}

export function uploadRefusal(error: string): string {
  return `The timeline could not be uploaded (${error}); the bot needs the files:write scope and to be in the channel.`;
}

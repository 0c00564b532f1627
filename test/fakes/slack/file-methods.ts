import { apiFileShape } from './api-message-shape.js';
import { channelForBot } from './chat-methods.js';
import type { StoredFile, StoredMessage } from './fake-slack-types.js';
import {
  fail,
  type MethodContext,
  type MethodHandler,
  type MethodResult,
  missingArgument,
  stringParam,
} from './method-context.js';
import { readMessageContent } from './read-message-content.js';
import { resolveThreadTs, type SlackState } from './slack-state.js';

// files.uploadV2 in @slack/web-api: getUploadURLExternal → POST bytes to upload_url →
// completeUploadExternal. The upload URL points back at this fake (see acceptUpload).

function getUploadUrl(context: MethodContext): MethodResult {
  const { state, params } = context;
  const filename = stringParam(params, 'filename');
  if (filename === undefined) return missingArgument('filename');
  const length = Number(stringParam(params, 'length'));
  if (!Number.isInteger(length) || length <= 0) return fail('invalid_arguments');
  // The errors Slack documents for this method: uploads off, a file over the limit, a long alt text.
  if (state.options.fileUploadsDisabled) return fail('file_uploads_disabled');
  if (length > state.options.maxFileBytes) return fail('file_upload_size_restricted');
  if ((stringParam(params, 'alt_txt') ?? '').length > 1000) return fail('alt_txt_too_large');
  const id = state.nextId('F');
  state.uploads.set(id, {
    id,
    name: filename,
    title: filename,
    size: length,
    bytes: Buffer.alloc(0),
    uploaded: false,
  });
  return { ok: true, upload_url: `${context.baseUrl}/upload/v1/${id}`, file_id: id };
}

function completeUpload(context: MethodContext): MethodResult {
  const { state, params } = context;
  const files = params.files;
  if (!Array.isArray(files) || files.length === 0) return missingArgument('files');
  const completed: StoredFile[] = [];
  for (const entry of files) {
    const id = typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
    const upload = typeof id === 'string' ? state.uploads.get(id) : undefined;
    if (!upload?.uploaded) return fail('file_not_found');
    const title = (entry as { title?: unknown }).title;
    completed.push({ ...upload, title: typeof title === 'string' ? title : upload.title });
  }
  if (stringParam(params, 'channel_id') !== undefined) {
    const shared = shareFiles(context, completed);
    if (shared) return shared;
  }
  return { ok: true, files: completed.map((file) => apiFileShape(state, file)) };
}

// Sharing into a channel posts a message from the bot carrying the files (and initial_comment).
function shareFiles(context: MethodContext, files: StoredFile[]): MethodResult | undefined {
  const found = channelForBot(context, 'channel_id', { mustBeMember: true });
  if ('error' in found) return found.error;
  const comment = stringParam(context.params, 'initial_comment');
  const read = readMessageContent(
    { blocks: context.params.blocks, ...(comment !== undefined ? { text: comment } : {}) },
    { longText: 'truncate', allowEmpty: true, warn: () => {} },
  );
  if ('error' in read) return read.error;
  const threadTs = stringParam(context.params, 'thread_ts');
  const { state } = context;
  const message: StoredMessage = {
    channel: found.channel.id,
    ts: state.nextTs(),
    ...(threadTs !== undefined ? { threadTs: resolveThreadTs(found.channel, threadTs) } : {}),
    user: state.options.botUserId,
    botId: state.options.botId,
    text: read.content.text ?? '',
    ...(read.content.blocks ? { blocks: read.content.blocks } : {}),
    files,
    edits: [],
    source: 'files.completeUploadExternal',
  };
  found.channel.messages.push(message);
  return undefined;
}

// The upload URL takes the raw bytes, or the multipart form @slack/web-api sends (one file part).
export async function acceptUpload(state: SlackState, fileId: string, request: Request): Promise<number> {
  const upload = state.uploads.get(fileId);
  if (!upload) return 404;
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await request.formData();
    const part = [...form.values()].find((value) => typeof value !== 'string');
    upload.bytes = part ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
  } else {
    upload.bytes = Buffer.from(await request.arrayBuffer());
  }
  // More bytes than the length asked for: the upload service answers non-200 and keeps nothing.
  if (upload.bytes.length > upload.size) {
    upload.bytes = Buffer.alloc(0);
    return 413;
  }
  upload.size = upload.bytes.length;
  upload.uploaded = true;
  return 200;
}

export const fileMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': { token: 'bot', handle: getUploadUrl },
  'files.completeUploadExternal': { token: 'bot', handle: completeUpload },
};

import { fail, failWithProblems, type MethodResult, stringParam } from './method-context.js';
import { validateBlocks } from './validate-blocks.js';

export type MessageContent = { text?: string; blocks?: unknown[]; attachments?: unknown[] };

export type ContentRules = {
  // chat.postMessage truncates long text; chat.update and chat.postEphemeral refuse it.
  longText: 'truncate' | 'reject';
  // chat.update may leave text and blocks out to keep the previous ones.
  allowEmpty: boolean;
  warn: (message: string) => void;
};

// Slack truncates chat.postMessage text above this (docs "Truncating content"; notes §4).
export const TRUNCATE_TEXT_AT = 40_000;
// chat.update documents msg_too_long above 4,000 characters.
export const REJECT_TEXT_OVER = 4_000;
const MAX_MESSAGE_BLOCKS = 50;
const MAX_ATTACHMENTS = 100;

export function readMessageContent(
  params: Record<string, unknown>,
  rules: ContentRules,
): { content: MessageContent } | { error: MethodResult } {
  const blocks = params.blocks;
  if (blocks !== undefined && blocks !== '') {
    if (!Array.isArray(blocks)) return { error: fail('invalid_blocks_format') };
    const problems = validateBlocks(blocks, { maxBlocks: MAX_MESSAGE_BLOCKS, pointer: '/blocks' });
    if (problems.length > 0) return { error: failWithProblems('invalid_blocks', problems) };
  }
  const attachments = params.attachments;
  if (attachments !== undefined && attachments !== '') {
    if (!Array.isArray(attachments)) return { error: fail('invalid_attachments') };
    if (attachments.length > MAX_ATTACHMENTS) return { error: fail('too_many_attachments') };
  }
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  let text = stringParam(params, 'text');
  if (text === undefined && !hasBlocks && !hasAttachments && !rules.allowEmpty) {
    return { error: fail('no_text') };
  }
  if (text === undefined && hasBlocks) {
    rules.warn('blocks without a top-level text fallback (notifications and screen readers show nothing)');
  }
  if (text !== undefined && rules.longText === 'reject' && text.length > REJECT_TEXT_OVER) {
    return { error: fail('msg_too_long') };
  }
  if (text !== undefined && text.length > TRUNCATE_TEXT_AT) {
    rules.warn(`text of ${text.length} characters truncated to ${TRUNCATE_TEXT_AT} as Slack does`);
    text = text.slice(0, TRUNCATE_TEXT_AT);
  }
  return {
    content: {
      ...(text !== undefined ? { text } : {}),
      ...(Array.isArray(blocks) ? { blocks } : {}),
      ...(Array.isArray(attachments) ? { attachments } : {}),
    },
  };
}

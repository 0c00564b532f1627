import type { Logger } from 'pino';
import type { RequestFacts } from '../notify/notifier.js';
import type { Plan } from '../procedures/shared/plan.js';
import type { Messenger } from './slack-messenger.js';
import { diffFileComment, diffFileName, diffThreadMessages, fitsOnCard } from './views/diff-preview.js';

/**
 * A diff too long for the card goes whole into the request's thread: as a file, or, when Slack
 * refuses the file, as consecutive messages; when neither works the thread says not to approve.
 */
export async function postWholeDiff(
  { messenger, logger }: { messenger: Pick<Messenger, 'post' | 'upload'>; logger: Logger },
  request: RequestFacts,
  plan: Plan,
): Promise<void> {
  const threadTs = request.cardTs;
  if (!plan.preview || fitsOnCard(plan.preview) || !threadTs) return;
  const uploaded = await messenger
    .upload(request.channel, threadTs, {
      filename: diffFileName(plan),
      title: `cluster template diff (${request.id})`,
      content: plan.preview,
      comment: diffFileComment(plan, request.id),
    })
    .catch((error: unknown) => ({
      ok: false as const,
      error: error instanceof Error ? error.message : 'unknown',
    }));
  if (uploaded.ok) return;
  logger.warn(
    { error: uploaded.error, requestId: request.id },
    'diff file not uploaded; posting the diff as messages',
  );
  const parts = diffThreadMessages(plan, request.id);
  let refused = parts.length === 0 ? 'too long to post as messages' : undefined;
  for (const part of parts) {
    if (refused) break;
    const posted = await messenger.post(request.channel, part, threadTs);
    if (!posted.ok) refused = posted.error;
  }
  if (!refused) return;
  logger.warn({ error: refused, requestId: request.id }, 'whole diff not posted');
  const text = `:warning: The whole \`cluster template diff\` could not be posted in this thread (file: ${uploaded.error}; messages: ${refused}). Do not approve this request: reject it, and request it again once the bot can post files (scope files:write).`;
  await messenger.post(request.channel, { text, blocks: [] }, threadTs);
}

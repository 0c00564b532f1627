import type { TimelineSubject } from '../../recovery/timeline/timeline-subject.js';
import type { CommandContext, CommandOutcome, UseCases } from '../command-context.js';
import { uploadRefusal, uploadTimeline } from '../upload-timeline.js';
import { problemView } from '../views/help-view.js';

// The timeline goes into the request's thread as one file; a cluster's into this channel.
export async function timelineCommand(
  ctx: CommandContext,
  useCases: UseCases,
  subject: TimelineSubject,
  sinceMs?: number,
): Promise<CommandOutcome> {
  const outcome = await useCases.timeline(subject, sinceMs);
  if (!outcome.ok) {
    await ctx.respond(problemView(outcome.problem));
    return 'failed';
  }
  const uploaded = await uploadTimeline(ctx.messenger, outcome.value, ctx.channelId, ctx.userId);
  if (!uploaded.ok) {
    ctx.logger.warn({ error: uploaded.error }, 'timeline not uploaded');
    await ctx.respond(problemView(uploadRefusal(uploaded.error)));
    return 'failed';
  }
  await ctx.respond({ text: `Timeline uploaded ${uploaded.where}.`, blocks: [] });
  return 'ok';
}

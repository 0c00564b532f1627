import type { TimelineSubject } from '../../recovery/timeline/timeline-subject.js';
import type { CommandContext, CommandOutcome, UseCases } from '../command-context.js';
import { uploadRefusal, uploadTimeline } from '../upload-timeline.js';
import { escapeMrkdwn, mrkdwn } from '../views/block-kit.js';
import { frozenLine } from '../views/freeze-view.js';
import { problemView } from '../views/help-view.js';

function refused(kind: string): CommandOutcome {
  return kind === 'denied' ? 'denied' : 'failed';
}

export async function freezeCommand(
  ctx: CommandContext,
  useCases: UseCases,
  reason: string,
): Promise<CommandOutcome> {
  const outcome = await useCases.freeze(await ctx.actor(), reason);
  if (!outcome.ok) {
    await ctx.respond(problemView(outcome.problem));
    return refused(outcome.problem.kind);
  }
  const text = `${frozenLine(outcome.value)} Pending cards now say so; the incident channel was told.`;
  await ctx.respond({ text, blocks: [{ type: 'section', text: mrkdwn(text) }] });
  return 'ok';
}

export async function unfreezeCommand(ctx: CommandContext, useCases: UseCases): Promise<CommandOutcome> {
  const outcome = await useCases.unfreeze(await ctx.actor());
  if (!outcome.ok) {
    await ctx.respond(problemView(outcome.problem));
    return refused(outcome.problem.kind);
  }
  const text = `:sunny: Changes unfrozen (frozen by ${outcome.value.by === 'bot' ? 'the bot' : `<@${outcome.value.by}>`}: _${escapeMrkdwn(outcome.value.reason)}_). Pending requests can be approved again.`;
  await ctx.respond({ text, blocks: [{ type: 'section', text: mrkdwn(text) }] });
  return 'ok';
}

// The timeline goes into the request's thread as one file; a cluster's into this channel.
export async function timelineCommand(
  ctx: CommandContext,
  useCases: UseCases,
  subject: TimelineSubject,
  sinceMs?: number,
): Promise<CommandOutcome> {
  const outcome = useCases.timeline(subject, sinceMs);
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

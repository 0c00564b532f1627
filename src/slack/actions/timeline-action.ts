import type { UseCases } from '../command-context.js';
import { uploadRefusal, uploadTimeline } from '../upload-timeline.js';
import { problemView } from '../views/help-view.js';
import type { ActionContext } from './action-context.js';
import { forgedButtonView } from './forged-button-view.js';

// The run summary's Timeline button: the run's timeline as one file in its thread.
export async function timelineAction(ctx: ActionContext, useCases: UseCases): Promise<void> {
  if (!/^run-[0-9a-f]{12}$/.test(ctx.value) || !ctx.messenger) return ctx.tell(forgedButtonView());
  const outcome = await useCases.timeline({ kind: 'run', id: ctx.value });
  if (!outcome.ok) return ctx.tell(problemView(outcome.problem));
  const uploaded = await uploadTimeline(ctx.messenger, outcome.value, ctx.channelId, ctx.userId);
  if (!uploaded.ok) {
    ctx.logger.warn({ error: uploaded.error }, 'timeline not uploaded');
    return ctx.tell(problemView(uploadRefusal(uploaded.error)));
  }
  await ctx.tell({ text: `Timeline uploaded ${uploaded.where}.`, blocks: [] });
}

import type { CommandContext, CommandOutcome, UseCases } from '../command-context.js';
import { problemView } from '../views/help-view.js';
import { statusView } from '../views/status-view.js';
import { postAll } from './post-all.js';

export async function statusCommand(
  ctx: CommandContext,
  useCases: UseCases,
  cluster?: string,
): Promise<CommandOutcome> {
  const outcome = await useCases.status({ cluster });
  if (!outcome.ok) {
    await ctx.respond(problemView(outcome.problem));
    return 'failed';
  }
  return postAll(ctx, [statusView(outcome.value, await useCases.freezeState())]);
}

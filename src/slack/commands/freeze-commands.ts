import type { CommandContext, CommandOutcome, UseCases } from '../command-context.js';
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
  const text = `${frozenLine(outcome.value)} Pending cards now say so; the incident channel is told when INCIDENT_CHANNEL is set.`;
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

import type { CommandContext, CommandOutcome, UseCases } from '../command-context.js';
import { driftView } from '../views/drift-view.js';
import { problemView } from '../views/help-view.js';
import { labelLoopView } from '../views/label-loop-view.js';
import { recoverClusterModal } from '../views/recover-cluster-modal.js';
import { postAll } from './post-all.js';

export async function rebootLoopCommand(
  ctx: CommandContext,
  useCases: UseCases,
  cluster?: string,
): Promise<CommandOutcome> {
  const outcome = await useCases.labelLoop({ cluster });
  if (!outcome.ok) {
    await ctx.respond(problemView(outcome.problem));
    return 'failed';
  }
  if (outcome.value.length === 0) {
    await ctx.respond(
      problemView(
        `No cluster template found in the templates directory for ${cluster ?? 'any cluster Omni knows'}.`,
      ),
    );
    return 'failed';
  }
  return postAll(
    ctx,
    outcome.value.map((report) => labelLoopView(report, ctx.userId)),
  );
}

export async function driftCommand(
  ctx: CommandContext,
  useCases: UseCases,
  cluster?: string,
): Promise<CommandOutcome> {
  const outcome = await useCases.drift({ cluster });
  if (!outcome.ok) {
    await ctx.respond(problemView(outcome.problem));
    return 'failed';
  }
  return postAll(ctx, [driftView(outcome.value, ctx.userId)]);
}

export async function syncTemplateCommand(
  ctx: CommandContext,
  useCases: UseCases,
  cluster: string,
): Promise<CommandOutcome> {
  const outcome = await useCases.requestProcedure({
    actor: await ctx.actor(),
    channel: ctx.channelId,
    procedure: 'sync-template',
    params: { cluster },
    reason: '',
  });
  if (outcome.ok) return 'ok';
  await ctx.respond(problemView(outcome.problem));
  return outcome.problem.kind === 'denied' ? 'denied' : 'failed';
}

// A request the bot would refuse anyway (not allowed to request, template missing or with labels
// the kubelet may not set) is refused here, before the dialog asks for a name and a reason.
export async function recoverClusterCommand(
  ctx: CommandContext,
  useCases: UseCases,
  cluster: string,
): Promise<CommandOutcome> {
  const precheck = await useCases.recoverClusterPrecheck({ actor: await ctx.actor(), cluster });
  if (!precheck.ok) {
    await ctx.respond(problemView(precheck.problem));
    return precheck.problem.kind === 'denied' ? 'denied' : 'failed';
  }
  await ctx.openModal(recoverClusterModal(cluster, ctx.channelId));
  return 'ok';
}

import type { CommandContext, CommandOutcome, UseCases } from '../command-context.js';
import { mrkdwn, type SlackMessage } from '../views/block-kit.js';
import { problemView } from '../views/help-view.js';

export async function deleteClusterMachineCommand(
  ctx: CommandContext,
  useCases: UseCases,
  machineId: string,
  reason: string,
): Promise<CommandOutcome> {
  const outcome = await useCases.requestRemoval({
    actor: await ctx.actor(),
    channel: ctx.channelId,
    machineIds: [machineId],
    reason,
  });
  if (!outcome.ok) {
    await ctx.respond(problemView(outcome.problem));
    return outcome.problem.kind === 'denied' ? 'denied' : 'failed';
  }
  return 'ok';
}

function readOnlyExplanation(machineId: string): SlackMessage {
  const text =
    `\`omnictl delete machine ${machineId}\` would fail with "only read access is permitted", even for Omni admins: ` +
    'Machines are read-only by design, created and removed by Omni itself and the infrastructure provider. ' +
    `What removes a stuck machine is deleting its ClusterMachine (and, on current Omni, its Link). I am preparing that request for you now.`;
  return { text, blocks: [{ type: 'section', text: mrkdwn(`:information_source: ${text}`) }] };
}

// The runbook's "Only Read Access Is Permitted": explain, then offer the procedure that works.
export async function deleteMachineCommand(
  ctx: CommandContext,
  useCases: UseCases,
  machineId: string,
): Promise<CommandOutcome> {
  await ctx.respond(readOnlyExplanation(machineId));
  return deleteClusterMachineCommand(ctx, useCases, machineId, 'requested via delete-machine');
}

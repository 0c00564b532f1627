import type { CommandContext, CommandOutcome, UseCases } from '../command-context.js';
import { parseCommand } from '../parse-command.js';
import { helpView, usageView } from '../views/help-view.js';
import { historyView } from '../views/history-view.js';
import { freezeCommand, unfreezeCommand } from './freeze-commands.js';
import { providerProcedureCommand, providerStatusCommand } from './provider-commands.js';
import { deleteClusterMachineCommand, deleteMachineCommand } from './removal-commands.js';
import { statusCommand } from './status-command.js';
import { stuckMachinesCommand } from './stuck-machines-command.js';
import {
  driftCommand,
  rebootLoopCommand,
  recoverClusterCommand,
  syncTemplateCommand,
} from './template-commands.js';
import { timelineCommand } from './timeline-command.js';

// Routes `/omni <text>` after it was acked; unknown or malformed input only gets a usage message.
export async function omniCommand(
  ctx: CommandContext,
  useCases: UseCases,
  text: string,
): Promise<CommandOutcome> {
  const parsed = parseCommand(text);
  if (!parsed.ok) {
    await ctx.respond(usageView(parsed.error));
    return 'usage';
  }
  const { command } = parsed;
  switch (command.name) {
    case 'help':
      await ctx.respond(helpView(useCases.permissions(await ctx.actor()), await useCases.freezeState()));
      return 'ok';
    case 'status':
      return statusCommand(ctx, useCases, command.cluster);
    case 'stuck-machines':
      return stuckMachinesCommand(ctx, useCases, command.cluster);
    case 'delete-clustermachine':
      return deleteClusterMachineCommand(ctx, useCases, command.machineId, command.reason);
    case 'delete-machine':
      return deleteMachineCommand(ctx, useCases, command.machineId);
    case 'provider-status':
      return providerStatusCommand(ctx, useCases);
    case 'restart-provider':
      return providerProcedureCommand(ctx, useCases, 'restart-provider', {}, command.reason);
    case 'rotate-provider-key':
      return providerProcedureCommand(ctx, useCases, 'rotate-provider-key', { source: command.source }, '');
    case 'reboot-loop':
      return rebootLoopCommand(ctx, useCases, command.cluster);
    case 'drift':
      return driftCommand(ctx, useCases, command.cluster);
    case 'sync-template':
      return syncTemplateCommand(ctx, useCases, command.cluster);
    case 'recover-cluster':
      return recoverClusterCommand(ctx, useCases, command.cluster);
    case 'history':
      await ctx.respond(historyView(await useCases.history(command.limit)));
      return 'ok';
    case 'freeze':
      return freezeCommand(ctx, useCases, command.reason);
    case 'unfreeze':
      return unfreezeCommand(ctx, useCases);
    case 'timeline':
      return timelineCommand(ctx, useCases, command.subject, command.sinceMs);
  }
}

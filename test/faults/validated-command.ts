import { isClusterName, isMachineId } from '../../src/procedures/identifiers.js';
import type { OmniCommand } from '../../src/slack/parse-command.js';

// Free text is stored and shown, never executed; still, it may hold no shell syntax or control bytes.
const SHELL_LIKE = /[`;|&<>\\]|\$[({]/;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

function isSafeReason(reason: string): boolean {
  return reason.length <= 500 && !SHELL_LIKE.test(reason) && !CONTROL.test(reason);
}

const optionalCluster = (cluster: string | undefined) => cluster === undefined || isClusterName(cluster);

// Whether every field of a parsed command is one the bot may pass on to omnictl or SSH.
export function isValidatedCommand(command: OmniCommand): boolean {
  switch (command.name) {
    case 'help':
    case 'provider-status':
      return true;
    case 'stuck-machines':
    case 'reboot-loop':
    case 'drift':
      return optionalCluster(command.cluster);
    case 'sync-template':
    case 'recover-cluster':
      return isClusterName(command.cluster);
    case 'delete-clustermachine':
      return isMachineId(command.machineId) && isSafeReason(command.reason);
    case 'delete-machine':
      return isMachineId(command.machineId);
    case 'restart-provider':
      return isSafeReason(command.reason);
    case 'rotate-provider-key':
      return command.source === 'renew' || command.source === 'pasted';
    case 'history':
      return Number.isInteger(command.limit) && command.limit >= 1 && command.limit <= 100;
  }
}

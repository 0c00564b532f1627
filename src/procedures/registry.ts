import { fixNodeLabels } from './fix-node-labels/fix-node-labels.js';
import { recoverCluster } from './recover-cluster/recover-cluster.js';
import { removeStuckMachines } from './remove-stuck-machines/remove-stuck-machines.js';
import { restartProvider } from './restart-provider/restart-provider.js';
import { rotateProviderKey } from './rotate-provider-key/rotate-provider-key.js';
import type { ProcedureDefinition } from './shared/procedure-definition.js';
import { syncTemplate } from './sync-template/sync-template.js';

/**
 * Every procedure the bot can request, approve and run: the runbook as the bot has it. Adding a
 * procedure is a folder beside these and one line here; the command parser, the use cases and
 * the approval flow read this list.
 */
export const PROCEDURES = [
  removeStuckMachines,
  restartProvider,
  rotateProviderKey,
  syncTemplate,
  recoverCluster,
  fixNodeLabels,
] as const;

export type ProcedureName = (typeof PROCEDURES)[number]['name'];

export function procedureNamed(name: string): ProcedureDefinition | undefined {
  return PROCEDURES.find((p) => p.name === name);
}

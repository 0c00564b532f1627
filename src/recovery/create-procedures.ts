import type { Config } from '../config.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import type { ProxmoxClient } from '../proxmox/create-proxmox-client.js';
import type { Store } from '../store/create-store.js';
import type { ProcedureDef } from './approval-deps.js';
import { createProviderProcedures } from './provider-procedures.js';
import { createRemovalProcedure } from './removal-procedure.js';
import { createTemplateProcedures } from './template-procedures.js';

/** Every procedure the bot can request, approve and run, by name: the runbook as the bot has it. */
export function createProcedures(deps: {
  omnictl: Omnictl;
  clock: () => Date;
  config: Pick<Config, 'stuckAfterMs' | 'provider' | 'templatesDir' | 'snapshotsDir' | 'recoverApprovals'>;
  store: Store;
  proxmox?: ProxmoxClient;
  timeouts?: { commandMs?: number; waitMs?: number; pollMs?: number };
}): Record<string, ProcedureDef> {
  const { omnictl, clock, config, timeouts } = deps;
  const all = [
    createRemovalProcedure({
      omnictl,
      clock,
      stuckAfterMs: config.stuckAfterMs,
      timeouts,
      proxmox: deps.proxmox,
    }),
    ...createProviderProcedures({
      omnictl,
      clock,
      provider: config.provider,
      store: deps.store,
      cooldownMs: 10 * 60_000,
      timeouts,
    }),
    ...createTemplateProcedures({
      omnictl,
      clock,
      templatesDir: config.templatesDir,
      snapshotsDir: config.snapshotsDir,
      recoverApprovals: config.recoverApprovals,
      timeouts,
    }),
  ];
  return Object.fromEntries(all.map((p) => [p.name, p]));
}

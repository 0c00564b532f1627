import { z } from 'zod';
import type { Config } from '../config.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import { assessProvider } from '../procedures/diagnostics/assess-provider.js';
import { planProviderRestart } from '../procedures/restart-provider/plan-provider-restart.js';
import { planKeyRotation } from '../procedures/rotate-provider-key/plan-key-rotation.js';
import { refuse } from '../procedures/shared/plan.js';
import type { Store } from '../store/create-store.js';
import type { ProcedureDef } from './approval-deps.js';
import { readProvider, readProviderPartially } from './read-provider.js';

export const RESTART_PROVIDER = 'restart-provider';
export const ROTATE_PROVIDER_KEY = 'rotate-provider-key';

export type ProviderProcedureDeps = {
  omnictl: Omnictl;
  clock: () => Date;
  provider: Config['provider'];
  store: Store;
  cooldownMs: number;
  timeouts?: { commandMs?: number; waitMs?: number; pollMs?: number };
};

const NO_HOST =
  'No provider host is configured: set PROVIDER_SSH_HOST, PROVIDER_SSH_KEY_FILE and PROVIDER_SSH_HOST_KEY.';
const RotationParams = z.object({ source: z.enum(['renew', 'pasted']) });

function hostLabel(deps: ProviderProcedureDeps): string | undefined {
  const ssh = deps.provider.ssh;
  return ssh ? `${ssh.user}@${ssh.host}` : undefined;
}

export async function assessCurrentProvider(
  deps: Pick<ProviderProcedureDeps, 'omnictl' | 'clock' | 'provider'>,
  options: { partial?: boolean } = {},
) {
  const read = options.partial ? readProviderPartially : readProvider;
  return assessProvider(await read(deps.omnictl, deps.provider.id), deps.clock());
}

export function createProviderProcedures(deps: ProviderProcedureDeps): ProcedureDef[] {
  return [
    {
      name: RESTART_PROVIDER,
      async plan() {
        const host = hostLabel(deps);
        if (!host) return refuse(NO_HOST);
        return planProviderRestart({
          provider: await assessCurrentProvider(deps),
          host,
          composeDir: deps.provider.composeDir,
          now: deps.clock(),
          lastRestart: deps.store.latestRun.latest(RESTART_PROVIDER),
          cooldownMs: deps.cooldownMs,
          timeouts: deps.timeouts,
        });
      },
    },
    {
      name: ROTATE_PROVIDER_KEY,
      async plan(params) {
        const host = hostLabel(deps);
        if (!host) return refuse(NO_HOST);
        const parsed = RotationParams.safeParse(params);
        if (!parsed.success) return refuse('The stored request is malformed.');
        return planKeyRotation({
          provider: await assessCurrentProvider(deps),
          source: parsed.data.source,
          host,
          composeDir: deps.provider.composeDir,
          envFile: deps.provider.envFile,
          timeouts: deps.timeouts,
        });
      },
    },
  ];
}

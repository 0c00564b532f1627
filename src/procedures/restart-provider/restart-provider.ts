import { z } from 'zod';
import { assessProvider } from '../diagnostics/assess-provider.js';
import { NO_PROVIDER_HOST } from '../shared/no-provider-host.js';
import { refuse } from '../shared/plan.js';
import { defineProcedure } from '../shared/procedure-definition.js';
import { planProviderRestart } from './plan-provider-restart.js';

export const restartProvider = defineProcedure({
  name: 'restart-provider',
  params: z.object({}),
  targets: 'provider',
  command: {
    word: 'restart-provider',
    usage: 'restart-provider [reason…]',
    summary: '`docker compose restart` of the provider over SSH, then waits until it reconnects',
    example: '/omni restart-provider provider stuck after Proxmox maintenance',
  },
  async plan(_params, reads) {
    const { settings } = reads;
    if (!settings.providerHost) return refuse(NO_PROVIDER_HOST);
    const provider = assessProvider(await reads.provider(), reads.now());
    return planProviderRestart({
      provider,
      host: settings.providerHost,
      composeDir: settings.composeDir,
      now: reads.now(),
      lastRestart: await reads.lastRun('restart-provider'),
      cooldownMs: settings.restartCooldownMs,
      timeouts: settings.timeouts,
    });
  },
});

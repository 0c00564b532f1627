import { z } from 'zod';
import { assessProvider } from '../diagnostics/assess-provider.js';
import { NO_PROVIDER_HOST } from '../restart-provider/no-provider-host.js';
import { refuse } from '../shared/plan.js';
import { defineProcedure } from '../shared/procedure-definition.js';
import { planKeyRotation } from './plan-key-rotation.js';

export const rotateProviderKey = defineProcedure({
  name: 'rotate-provider-key',
  params: z.object({ source: z.enum(['renew', 'pasted']) }),
  targets: 'provider',
  async plan(params, reads) {
    const { settings } = reads;
    if (!settings.providerHost) return refuse(NO_PROVIDER_HOST);
    return planKeyRotation({
      provider: assessProvider(await reads.provider(), reads.now()),
      source: params.source,
      host: settings.providerHost,
      composeDir: settings.composeDir,
      envFile: settings.envFile,
      timeouts: settings.timeouts,
    });
  },
});

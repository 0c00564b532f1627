import { z } from 'zod';
import { assessProvider } from '../diagnostics/assess-provider.js';
import { NO_PROVIDER_HOST } from '../shared/no-provider-host.js';
import { refuse } from '../shared/plan.js';
import { defineProcedure } from '../shared/procedure-definition.js';
import { planKeyRotation } from './plan-key-rotation.js';

export const rotateProviderKey = defineProcedure({
  name: 'rotate-provider-key',
  params: z.object({ source: z.enum(['renew', 'pasted']) }),
  targets: 'provider',
  command: {
    word: 'rotate-provider-key',
    usage: 'rotate-provider-key [paste]',
    summary:
      'renews the provider key (or the approver pastes one), writes it over SFTP, `docker compose up -d`, verifies',
    example: '/omni rotate-provider-key',
  },
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

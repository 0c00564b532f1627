import { describe, expect, it } from 'vitest';
import { recordingReads } from '../../../test/support/recording-reads.js';
import type { ProviderFacts } from '../diagnostics/assess-provider.js';
import { NO_PROVIDER_HOST } from '../shared/no-provider-host.js';
import { restartProvider } from './restart-provider.js';

const facts: ProviderFacts = {
  id: 'proxmox',
  found: true,
  connected: false,
  error: 'connection lost',
  lastHeartbeat: '2026-08-22T09:10:00Z',
  keyExpiryKnown: true,
};

describe('restartProvider', () => {
  it('is refused without a provider host, reading nothing', async () => {
    const reads = recordingReads({});

    expect(await restartProvider.plan({}, reads)).toEqual({ refused: true, reason: NO_PROVIDER_HOST });
    expect(reads.made).toEqual([]);
  });

  it('reads the provider and its last restart, and asks for an override within the cooldown', async () => {
    const asked: string[] = [];
    const reads = recordingReads({
      settings: { providerHost: 'ops@provider-1' },
      provider: async () => facts,
      lastRun: async (procedure) => {
        asked.push(procedure);
        return { at: '2026-08-22T09:25:00Z', running: false };
      },
    });

    const planned = await restartProvider.plan({}, reads);

    expect(reads.made).toEqual(['provider', 'lastRun']);
    expect(asked).toEqual(['restart-provider']);
    expect(planned.refused).toBe(false);
    if (planned.refused) return;
    expect(planned.plan).toMatchObject({ procedure: 'restart-provider', cooldownOverride: true });
    expect(planned.plan.steps[0]).toMatchObject({
      kind: 'ssh',
      host: 'ops@provider-1',
      cwd: '/opt/omni-provider',
    });
  });
});

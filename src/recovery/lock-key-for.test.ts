import { describe, expect, it } from 'vitest';
import type { ProviderAssessment } from '../procedures/diagnostics/assess-provider.js';
import { planProviderRestart } from '../procedures/restart-provider/plan-provider-restart.js';
import { planKeyRotation } from '../procedures/rotate-provider-key/plan-key-rotation.js';
import type { Plan } from '../procedures/shared/plan.js';
import { describeLock, lockKeyFor } from './lock-key-for.js';

const provider = { id: 'proxmox', connected: false, hints: [] } as unknown as ProviderAssessment;
const planned = (result: ReturnType<typeof planKeyRotation>): Plan => {
  if (result.refused) throw new Error(result.reason);
  return result.plan;
};

describe('lockKeyFor', () => {
  it('locks the cluster of a cluster procedure', () => {
    expect(lockKeyFor({ cluster: 'talos-prod', plan: { steps: [] } })).toBe('talos-prod');
  });

  it('locks the provider for a key rotation and for a restart alike', () => {
    const rotation = planned(
      planKeyRotation({ provider, source: 'renew', host: 'h', composeDir: '/c', envFile: '/c/.env' }),
    );
    const restart = planned(
      planProviderRestart({ provider, host: 'h', composeDir: '/c', now: new Date(0), cooldownMs: 0 }),
    );

    expect(lockKeyFor({ cluster: null, plan: rotation })).toBe('provider:proxmox');
    expect(lockKeyFor({ cluster: null, plan: restart })).toBe('provider:proxmox');
  });

  it('locks nothing for a plan that touches neither', () => {
    expect(lockKeyFor({ cluster: null, plan: { steps: [] } })).toBeNull();
  });
});

describe('describeLock', () => {
  it('names a cluster or the provider', () => {
    expect(describeLock('talos-prod')).toBe('Cluster talos-prod');
    expect(describeLock('provider:proxmox')).toBe('The proxmox infra provider');
  });
});

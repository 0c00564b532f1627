import type { ProviderAssessment } from '../diagnostics/assess-provider.js';
import type { ProviderTarget } from './plan.js';

// The provider as both provider procedures' cards show it.
export function providerTarget(provider: ProviderAssessment): ProviderTarget {
  return {
    kind: 'provider',
    id: provider.id,
    name: provider.name ?? provider.id,
    connected: provider.connected,
    lastHeartbeat: provider.lastHeartbeat ?? null,
  };
}

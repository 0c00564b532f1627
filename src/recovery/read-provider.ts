import {
  infraProviderCombinedStatusKind,
  infraProviderHealthStatusKind,
  lastHeartbeatAt,
} from '../omni/infra-provider-resources.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import { parseServiceAccountKeys } from '../omni/service-account-keys.js';
import type { ProviderFacts } from '../procedures/assess-provider.js';

// The key expiry needs the Admin role; without it the rest of the picture is still worth having.
async function keyExpiry(
  omnictl: Omnictl,
  providerId: string,
): Promise<{ known: boolean; expiresAt?: string }> {
  const result = await omnictl.run(['serviceaccount', 'list']);
  if (result.failure) return { known: false };
  const expiries = parseServiceAccountKeys(result.stdout)
    .filter((key) => key.account === `infra-provider:${providerId}`)
    .map((key) => key.expiresAt)
    .filter((at): at is string => at !== undefined)
    .sort();
  return { known: true, expiresAt: expiries.at(-1) };
}

export async function readProvider(omnictl: Omnictl, providerId: string): Promise<ProviderFacts> {
  const [combined, health, expiry] = await Promise.all([
    omnictl.get(infraProviderCombinedStatusKind),
    omnictl.get(infraProviderHealthStatusKind),
    keyExpiry(omnictl, providerId),
  ]);
  const status = combined.find((s) => s.metadata.id === providerId);
  const beat = health.find((h) => h.metadata.id === providerId);
  const heartbeat = beat ? lastHeartbeatAt(beat) : undefined;
  return {
    id: providerId,
    found: status !== undefined,
    name: status?.spec.name,
    version: status?.spec.version || undefined,
    connected: status?.spec.health.connected ?? false,
    error: [status?.spec.health.error, beat?.spec.error].filter(Boolean).join('; '),
    lastHeartbeat: heartbeat?.toISOString(),
    keyExpiresAt: expiry.expiresAt,
    keyExpiryKnown: expiry.known,
  };
}

import {
  type InfraProviderCombinedStatus,
  type InfraProviderHealthStatus,
  infraProviderCombinedStatusKind,
  infraProviderHealthStatusKind,
  lastHeartbeatAt,
} from '../omni/infra-provider-resources.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import { parseServiceAccountKeys } from '../omni/service-account-keys.js';
import { assessProvider, type ProviderFacts } from '../procedures/diagnostics/assess-provider.js';
import { type ReadOrNote, readOrNote } from './read-or-note.js';

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

// Strict: any failed read throws (the watcher and the procedures' plans need the whole picture).
export async function readProvider(omnictl: Omnictl, providerId: string): Promise<ProviderFacts> {
  const [combined, health, expiry] = await Promise.all([
    omnictl.get(infraProviderCombinedStatusKind),
    omnictl.get(infraProviderHealthStatusKind),
    keyExpiry(omnictl, providerId),
  ]);
  return providerFacts(providerId, { ok: true, value: combined }, { ok: true, value: health }, expiry);
}

// For the reports a person asked for: what could be read, and a note for each read that failed.
export async function readProviderPartially(omnictl: Omnictl, providerId: string): Promise<ProviderFacts> {
  const [combined, health, expiry] = await Promise.all([
    readOrNote('The provider’s connection status (infraprovidercombinedstatuses)', () =>
      omnictl.get(infraProviderCombinedStatusKind),
    ),
    readOrNote('The provider’s last heartbeat (infraproviderhealthstatuses)', () =>
      omnictl.get(infraProviderHealthStatusKind),
    ),
    keyExpiry(omnictl, providerId),
  ]);
  return providerFacts(providerId, combined, health, expiry);
}

function providerFacts(
  providerId: string,
  combined: ReadOrNote<InfraProviderCombinedStatus[]>,
  health: ReadOrNote<InfraProviderHealthStatus[]>,
  expiry: { known: boolean; expiresAt?: string },
): ProviderFacts {
  const status = combined.ok ? combined.value.find((s) => s.metadata.id === providerId) : undefined;
  const beat = health.ok ? health.value.find((h) => h.metadata.id === providerId) : undefined;
  const heartbeat = beat ? lastHeartbeatAt(beat) : undefined;
  const unread = [combined, health].flatMap((read) => (read.ok ? [] : [read.note]));
  return {
    id: providerId,
    found: status !== undefined,
    ...(combined.ok ? {} : { stateUnknown: true as const }),
    ...(health.ok ? {} : { heartbeatUnknown: true as const }),
    name: status?.spec.name,
    version: status?.spec.version || undefined,
    connected: status?.spec.health.connected ?? false,
    error: [status?.spec.health.error, beat?.spec.error].filter(Boolean).join('; '),
    lastHeartbeat: heartbeat?.toISOString(),
    keyExpiresAt: expiry.expiresAt,
    keyExpiryKnown: expiry.known,
    ...(unread.length > 0 ? { unread } : {}),
  };
}

// The provider as Omni shows it now, assessed; `partial` for a report that shows what it could read.
export async function assessCurrentProvider(
  deps: { omnictl: Omnictl; clock: () => Date; provider: { id: string } },
  options: { partial?: boolean } = {},
) {
  const read = options.partial ? readProviderPartially : readProvider;
  return assessProvider(await read(deps.omnictl, deps.provider.id), deps.clock());
}

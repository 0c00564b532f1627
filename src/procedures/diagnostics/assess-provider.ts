/**
 * Provider health (runbook: "Service Account Key Expired Mid-Provision").
 * The Proxmox infra provider beats every 30 s; Omni calls it disconnected 31 s after the last
 * beat. A provider whose key expired cannot sign anything, so it goes quiet (or loops on
 * restart). This says whether it is connected, since when not, and whether the key is the cause.
 */
import { formatUtc } from '../shared/format-utc.js';

export type ProviderFacts = {
  id: string;
  found: boolean;
  name?: string;
  version?: string;
  connected: boolean;
  error: string;
  lastHeartbeat?: string;
  // Expiry of the provider's newest key, when the bot's account may list service accounts.
  keyExpiresAt?: string;
  keyExpiryKnown: boolean;
  // Set when a read failed and the report goes on without it (`unread` says which and why).
  stateUnknown?: true;
  heartbeatUnknown?: true;
  unread?: string[];
};

export type ProviderAssessment = ProviderFacts & {
  heartbeatAgeMs?: number;
  keyProblem?: 'expired' | 'rejected' | 'expiring';
  hints: string[];
};

const DAY = 86_400_000;

function keyProblemOf(facts: ProviderFacts, now: Date): ProviderAssessment['keyProblem'] {
  if (/no valid signing keys/i.test(facts.error)) return 'expired';
  if (/invalid signature|unauthenticated/i.test(facts.error)) return 'rejected';
  if (facts.keyExpiresAt) {
    const left = Date.parse(facts.keyExpiresAt) - now.getTime();
    if (left <= 0) return 'expired';
    if (left < 14 * DAY) return 'expiring';
  }
  return undefined;
}

export function assessProvider(facts: ProviderFacts, now: Date): ProviderAssessment {
  const heartbeatAgeMs = facts.lastHeartbeat
    ? Math.max(0, now.getTime() - Date.parse(facts.lastHeartbeat))
    : undefined;
  const keyProblem = keyProblemOf(facts, now);
  const hints: string[] = [];
  if (!facts.found && !facts.stateUnknown) {
    hints.push(
      `Omni knows no infra provider "${facts.id}". Check PROVIDER_ID, or create it with \`omnictl infraprovider create ${facts.id}\`.`,
    );
  }
  if (keyProblem === 'expired') {
    hints.push(
      `The provider's key has expired${facts.keyExpiresAt ? ` (${formatUtc(facts.keyExpiresAt)})` : ''}: it cannot sign requests to Omni. Rotate it with \`/omni rotate-provider-key\`; a plain restart will not help.`,
    );
  } else if (keyProblem === 'rejected') {
    hints.push(
      "Omni rejects the provider's key (revoked or unknown). Rotate it with `/omni rotate-provider-key`.",
    );
  } else if (keyProblem === 'expiring') {
    hints.push(
      `The provider's key expires on ${formatUtc(facts.keyExpiresAt ?? 'an unknown date')}; rotate it before then with \`/omni rotate-provider-key\`.`,
    );
  }
  if (facts.found && !facts.connected && keyProblem === undefined && !facts.stateUnknown) {
    hints.push(
      'The provider is not reporting. If its container is stuck, `/omni restart-provider` restarts it; check its logs if that does not help.',
    );
  }
  if (!facts.keyExpiryKnown) {
    hints.push(
      "Key expiry unknown: the bot's Omni account may not list service accounts (that needs the Admin role).",
    );
  }
  return { ...facts, heartbeatAgeMs, keyProblem, hints };
}

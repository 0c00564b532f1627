import type { ProviderAssessment } from '../procedures/diagnostics/assess-provider.js';
import { formatUtc } from '../procedures/shared/format-utc.js';
import type { AlertCondition } from './alert-condition.js';

const KEY_WORDS = {
  expired: 'its key has expired',
  rejected: 'Omni rejects its key',
  expiring: 'its key expires soon',
} as const;

function providerFacts(p: ProviderAssessment): Record<string, unknown> {
  return {
    providerId: p.id,
    found: p.found,
    connected: p.connected,
    error: p.error,
    lastHeartbeat: p.lastHeartbeat,
    keyProblem: p.keyProblem,
    keyExpiresAt: p.keyExpiresAt,
    hints: p.hints,
  };
}

function state(p: ProviderAssessment): string {
  if (!p.found) return 'is unknown to Omni';
  if (!p.connected) return 'is disconnected';
  return `reports an error: ${p.error.slice(0, 300)}`;
}

/**
 * The provider down (or erroring) is one alert whose hints name the key when the key is why;
 * a key problem while it still runs is its own, earlier warning.
 */
export function providerConditions(p: ProviderAssessment): AlertCondition[] {
  const down = !p.found || !p.connected || p.error !== '';
  if (down) {
    const key = p.keyProblem && p.keyProblem !== 'expiring' ? `; ${KEY_WORDS[p.keyProblem]}` : '';
    return [
      {
        condition: 'provider-disconnected',
        resource: p.id,
        summary: `Infra provider ${p.id} ${state(p)}${key}`,
        // Omni calls it disconnected 31 s after the last heartbeat: it has been silent since then.
        since: p.found && !p.connected ? p.lastHeartbeat : undefined,
        detail: providerFacts(p),
        diagnose: 'provider-status',
      },
    ];
  }
  if (p.keyProblem === undefined) return [];
  const when = p.keyExpiresAt ? ` (${formatUtc(p.keyExpiresAt)})` : '';
  return [
    {
      condition: 'provider-key',
      resource: p.id,
      summary: `Infra provider ${p.id} is connected, but ${KEY_WORDS[p.keyProblem]}${when}`,
      detail: providerFacts(p),
      diagnose: 'provider-status',
    },
  ];
}

import type { Plan } from '../procedures/shared/plan.js';
import type { RequestRecord } from '../store/records.js';

const PROVIDER = 'provider:';

/**
 * What a request's run holds in the locks table while it runs: its cluster, or, for a plan that
 * restarts or re-keys the infra provider, `provider:<id>`: two such runs would interleave on the
 * provider's `.env` and container. One rule for the claim and the release, so a run never holds
 * a lock nobody releases. Cluster names cannot contain `:`, so the two never collide.
 */
export function lockKeyFor(request: {
  cluster: RequestRecord['cluster'];
  plan: Pick<Plan, 'steps'>;
}): string | null {
  if (request.cluster) return request.cluster;
  for (const step of request.plan.steps) {
    if (step.kind === 'wait-provider' || step.kind === 'install-provider-key')
      return `${PROVIDER}${step.providerId}`;
  }
  return null;
}

// The locked thing in words, for the refusal an approver reads (or inside a sentence).
export function describeLock(key: string, options: { midSentence?: boolean } = {}): string {
  const words = key.startsWith(PROVIDER)
    ? `The ${key.slice(PROVIDER.length)} infra provider`
    : `Cluster ${key}`;
  return options.midSentence ? words.charAt(0).toLowerCase() + words.slice(1) : words;
}

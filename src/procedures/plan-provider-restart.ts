/**
 * Restart the infra provider (runbook: "Service Account Key Expired Mid-Provision", step 3).
 * `docker compose restart` in the provider's compose directory, then wait until Omni reports
 * the provider connected again. It does not re-read `.env`: after a key change use rotation.
 * A second restart within the cooldown needs an approver to override it knowingly.
 */
import type { ProviderAssessment } from './assess-provider.js';
import type { PlanResult, ProviderTarget, Step } from './plan.js';

export type RestartInput = {
  provider: ProviderAssessment;
  host: string;
  composeDir: string;
  now: Date;
  lastRestartAt?: string;
  cooldownMs: number;
  timeouts?: { commandMs?: number; waitMs?: number; pollMs?: number };
};

export function providerTarget(provider: ProviderAssessment): ProviderTarget {
  return {
    kind: 'provider',
    id: provider.id,
    name: provider.name ?? provider.id,
    connected: provider.connected,
    lastHeartbeat: provider.lastHeartbeat ?? null,
  };
}

export function planProviderRestart(input: RestartInput): PlanResult {
  const t = { commandMs: 180_000, waitMs: 180_000, pollMs: 5_000, ...input.timeouts };
  const steps: Step[] = [
    {
      kind: 'ssh',
      title: 'Restart the provider container',
      host: input.host,
      cwd: input.composeDir,
      argv: ['docker', 'compose', 'restart'],
      timeoutMs: t.commandMs,
      mutating: true,
    },
    {
      kind: 'wait-provider',
      title: 'Wait until Omni reports the provider connected',
      providerId: input.provider.id,
      timeoutMs: t.waitMs,
      pollMs: t.pollMs,
    },
  ];
  const risks: string[] = [...input.provider.hints.filter((h) => h.includes('rotate-provider-key'))];
  const sinceLast = input.lastRestartAt ? input.now.getTime() - Date.parse(input.lastRestartAt) : undefined;
  const inCooldown = sinceLast !== undefined && sinceLast < input.cooldownMs;
  if (inCooldown) {
    risks.push(
      `The provider was restarted ${Math.round((sinceLast ?? 0) / 60_000)} min ago (cooldown ${Math.round(input.cooldownMs / 60_000)} min). Approving overrides the cooldown.`,
    );
  }
  return {
    refused: false,
    plan: {
      procedure: 'restart-provider',
      title: `Restart the ${input.provider.id} infra provider`,
      cluster: null,
      targets: [providerTarget(input.provider)],
      steps,
      risks,
      approvalsNeeded: 1,
      cooldownOverride: inCooldown,
      fingerprint: JSON.stringify(['restart', input.provider.id, inCooldown]),
    },
  };
}

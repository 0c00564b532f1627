/**
 * Restart the infra provider (runbook: "Service Account Key Expired Mid-Provision", step 3).
 * `docker compose restart` in the provider's compose directory, then wait until Omni reports
 * the provider connected again. It does not re-read `.env`: after a key change use rotation.
 * A second restart within the cooldown needs an approver to override it knowingly.
 */
import type { ProviderAssessment } from '../diagnostics/assess-provider.js';
import type { PlanResult, Step } from '../shared/plan.js';
import { providerTarget } from '../shared/provider-target.js';

export type RestartInput = {
  provider: ProviderAssessment;
  host: string;
  composeDir: string;
  now: Date;
  // The latest restart: when it finished, or when it began if it is still running.
  lastRestart?: { at: string; running: boolean };
  cooldownMs: number;
  timeouts?: { commandMs?: number; waitMs?: number; pollMs?: number };
};

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
  const last = input.lastRestart;
  const sinceLast = last ? input.now.getTime() - Date.parse(last.at) : undefined;
  // A restart still running is the most recent of all, however long ago it began.
  const inCooldown = last?.running === true || (sinceLast !== undefined && sinceLast < input.cooldownMs);
  const minutes = Math.round((sinceLast ?? 0) / 60_000);
  const cooldown = `cooldown ${Math.round(input.cooldownMs / 60_000)} min`;
  if (inCooldown) {
    risks.push(
      last?.running
        ? `A restart of the provider is still running (started ${minutes} min ago; ${cooldown}). Approving overrides the cooldown.`
        : `The provider was restarted ${minutes} min ago (${cooldown}). Approving overrides the cooldown.`,
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

/**
 * Rotate the infra provider's key (runbook: "Service Account Key Expired Mid-Provision").
 * A new key comes from `omnictl infraprovider renewkey` (needs the Admin role) or is pasted by
 * the approver; it is first saved on the host in a file of its own (`<envFile>.new-key-<time>`,
 * mode 600) so it is never lost, then written into the provider's env file, then
 * `docker compose up -d` recreates the container (a plain `restart` would keep the old key), then
 * the bot waits until Omni reports the provider connected.
 * The env file follows what the container runs: if `up -d` fails, the old file comes back (the
 * container still runs the old key); once `up -d` succeeded nothing is undone, and a failed
 * reconnect is reported with where the new key and the old file are.
 * The run locks the provider (see lockKeyFor), so no second rotation or restart interleaves.
 */
import type { ProviderAssessment } from '../diagnostics/assess-provider.js';
import type { PlanResult } from '../shared/plan.js';
import { providerTarget } from '../shared/provider-target.js';

export type RotationInput = {
  provider: ProviderAssessment;
  source: 'renew' | 'pasted';
  host: string;
  composeDir: string;
  envFile: string;
  timeouts?: { commandMs?: number; waitMs?: number; pollMs?: number };
};

export function planKeyRotation(input: RotationInput): PlanResult {
  const t = { commandMs: 180_000, waitMs: 180_000, pollMs: 5_000, ...input.timeouts };
  const risks = [
    'Old keys stay valid until they expire; revoke the old one in Omni once the provider is back.',
    'Once `up -d` has recreated the container with the new key, nothing is rolled back: if the provider then does not reconnect, the summary says where the new key and the old env file are.',
  ];
  if (input.source === 'pasted')
    risks.push(
      'The approver pastes the new key when approving; it is never shown or logged, and stored only on the provider host.',
    );
  return {
    refused: false,
    plan: {
      procedure: 'rotate-provider-key',
      title: `Rotate the ${input.provider.id} infra provider's key`,
      cluster: null,
      targets: [providerTarget(input.provider)],
      steps: [
        {
          kind: 'install-provider-key',
          title: 'Get a new key and write it into the env file',
          source: input.source,
          providerId: input.provider.id,
          host: input.host,
          envFile: input.envFile,
          timeoutMs: t.commandMs,
        },
        {
          kind: 'ssh',
          title: 'Recreate the provider container with the new key',
          host: input.host,
          cwd: input.composeDir,
          argv: ['docker', 'compose', 'up', '-d'],
          timeoutMs: t.commandMs,
          mutating: true,
          pointOfNoReturn: true,
        },
        {
          kind: 'wait-provider',
          title: 'Wait until Omni reports the provider connected',
          providerId: input.provider.id,
          timeoutMs: t.waitMs,
          pollMs: t.pollMs,
        },
      ],
      risks,
      approvalsNeeded: 1,
      needsSecret: input.source === 'pasted',
      fingerprint: JSON.stringify(['rotate', input.provider.id, input.source]),
    },
  };
}

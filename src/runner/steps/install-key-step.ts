import type { InstallKeyStep } from '../../procedures/plan.js';
import { isRemoteFailure } from '../remote-session.js';
import type { StepResult } from '../run-events.js';
import type { StepContext } from '../run-plan.js';
import { setEnvValue } from '../set-env-value.js';

type Outcome = Omit<StepResult, 'idx' | 'durationMs'>;

const fail = (note: string): Outcome => ({ status: 'failed', exitCode: null, note, outputTail: '' });

// The key is a secret: it goes from omnictl's stdout (or the approver's modal) straight into the
// SFTP write. It is never emitted as output, logged, stored, or put on a command line.
async function obtainKey(
  step: InstallKeyStep,
  ctx: StepContext,
): Promise<{ key: string; note: string } | Outcome> {
  if (step.source === 'pasted') {
    return ctx.secret
      ? { key: ctx.secret, note: 'pasted key' }
      : fail(
          'The pasted key is no longer held by the bot (it restarted since the approval). Request the rotation again.',
        );
  }
  const result = await ctx.omnictl.run(['infraprovider', 'renewkey', step.providerId], {
    signal: ctx.signal,
    timeoutMs: step.timeoutMs,
  });
  if (result.failure) {
    const why =
      result.failure.kind === 'permission-denied'
        ? "The bot's Omni account may not renew provider keys (that needs the Admin role). Create a key in the Omni UI and run `/omni rotate-provider-key paste`."
        : result.failure.message;
    return fail(why);
  }
  const key = /^OMNI_SERVICE_ACCOUNT_KEY=(\S+)$/m.exec(result.stdout)?.[1];
  if (!key) return fail('omnictl infraprovider renewkey printed no key the bot could read.');
  const keyId = /public key with ID "([0-9a-f]+)"/.exec(result.stdout)?.[1];
  return { key, note: keyId ? `new key ${keyId}` : 'new key' };
}

export async function installKeyStep(step: InstallKeyStep, ctx: StepContext): Promise<Outcome> {
  if (ctx.dryRun)
    return {
      status: 'skipped',
      exitCode: null,
      note: 'Dry run: no key was renewed or written.',
      outputTail: '',
    };
  if (!ctx.remote) return fail('No provider host is configured (PROVIDER_SSH_HOST).');
  const obtained = await obtainKey(step, ctx);
  if ('status' in obtained) return obtained;
  ctx.emit({ type: 'step-output', idx: ctx.idx, line: `obtained the ${obtained.note}` });
  const session = await ctx.remote.connect();
  if (isRemoteFailure(session)) return fail(session.message);
  try {
    const current = (await session.readFile(step.envFile)) ?? '';
    const stamp = ctx.clock().toISOString().replace(/[:.]/g, '-');
    const { backupPath } = await session.writeFileAtomic(
      step.envFile,
      setEnvValue(current, 'OMNI_SERVICE_ACCOUNT_KEY', obtained.key),
      { mode: 0o600, backupStamp: stamp },
    );
    if (backupPath) {
      ctx.onRollback(async () => {
        const restore = await ctx.remote!.connect();
        if (isRemoteFailure(restore))
          return `Could not restore ${step.envFile} from ${backupPath}: ${restore.message}`;
        try {
          await restore.restoreBackup(step.envFile, backupPath);
          return `${step.envFile} restored from ${backupPath}; the container may still run with the key it started with.`;
        } finally {
          await restore.close();
        }
      });
    }
    const backup = backupPath ? `; the old file is kept as ${backupPath}` : '';
    return {
      status: 'ok',
      exitCode: 0,
      note: `Wrote the ${obtained.note} into ${step.envFile} (mode 600)${backup}.`,
      outputTail: '',
    };
  } catch (error) {
    return fail(`Writing ${step.envFile} failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await session.close();
  }
}

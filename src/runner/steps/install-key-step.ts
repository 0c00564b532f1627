import type { InstallKeyStep } from '../../procedures/shared/plan.js';
import { isRemoteFailure } from '../remote-session.js';
import type { StepContext } from '../run-plan.js';
import { setEnvValue } from '../set-env-value.js';
import { failed, type StepOutcome, skipped } from './step-outcome.js';

type Obtained = { key: string; renewed: boolean; keyId?: string };

const ENV_KEY = 'OMNI_SERVICE_ACCOUNT_KEY';

// SFTP errors carry a sentence for people (userMessage); anything else its message.
function reason(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'userMessage' in error)
    return String((error as { userMessage: unknown }).userMessage);
  return error instanceof Error ? error.message : String(error);
}

// How notes name the key: by Omni's key id when omnictl printed one, never by its value.
function describe(obtained: Obtained): string {
  if (obtained.keyId) return `the new key (key id ${obtained.keyId})`;
  return obtained.renewed ? 'the new key' : 'the pasted key';
}

// The key is a secret: it goes from omnictl's stdout (or the approver's modal) straight into the
// SFTP writes. It is never emitted as output, logged, stored by the bot, or put on a command line.
async function obtainKey(step: InstallKeyStep, ctx: StepContext): Promise<Obtained | StepOutcome> {
  if (step.source === 'pasted') {
    return ctx.secret
      ? { key: ctx.secret, renewed: false }
      : failed(
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
    return failed(why);
  }
  const key = new RegExp(`^${ENV_KEY}=(\\S+)$`, 'm').exec(result.stdout)?.[1];
  const keyId = /public key with ID "([0-9a-f]+)"/.exec(result.stdout)?.[1];
  if (!key) {
    const id = keyId ? ` (key id ${keyId}; revoke it in Omni)` : '';
    return failed(`omnictl infraprovider renewkey printed no key the bot could read${id}.`);
  }
  return { key, renewed: true, keyId };
}

// The saved copy is an env line, so an operator can put it in place by hand if the run stops.
function savedKeyFile(step: InstallKeyStep, obtained: Obtained, at: string): string {
  const id = obtained.keyId ? ` (key id ${obtained.keyId})` : '';
  return `# New ${ENV_KEY} for the ${step.providerId} infra provider${id}, saved by omni-chatops at ${at} before writing ${step.envFile}.\n${ENV_KEY}=${obtained.key}\n`;
}

/**
 * Saves the new key on the host in a file of its own (`<envFile>.new-key-<time>`, mode 600, never
 * overwriting one) before anything else changes, then writes it into the env file (backup kept).
 * A renewed key is valid in Omni from the moment omnictl prints it: saved first, a failure later
 * in the run can no longer lose it.
 */
export async function installKeyStep(step: InstallKeyStep, ctx: StepContext): Promise<StepOutcome> {
  if (ctx.dryRun) return skipped('Dry run: no key was renewed or written.');
  if (!ctx.remote) return failed('No provider host is configured (PROVIDER_SSH_HOST).');
  // Connect before renewing: an unreachable host then costs no key.
  const session = await ctx.remote.connect();
  if (isRemoteFailure(session)) return failed(session.message);
  try {
    const obtained = await obtainKey(step, ctx);
    if ('status' in obtained) return obtained;
    const key = describe(obtained);
    ctx.emit({ type: 'step-output', idx: ctx.idx, line: `obtained ${key}` });
    const now = ctx.clock();
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    const savedPath = `${step.envFile}.new-key-${stamp}`;
    try {
      await session.createFile(savedPath, savedKeyFile(step, obtained, now.toISOString()), {
        mode: 0o600,
        signal: ctx.signal,
      });
    } catch (error) {
      const lost = obtained.renewed
        ? ` Omni already issued ${key}; it is stored nowhere, so revoke it in Omni and run the rotation again.`
        : '';
      return failed(
        `Saving ${key} as ${savedPath} failed, so nothing was changed on the host: ${reason(error)}${lost}`,
      );
    }
    ctx.emit({ type: 'step-output', idx: ctx.idx, line: `saved ${key} as ${savedPath} (mode 600)` });
    let backupPath: string | undefined;
    try {
      const current = (await session.readFile(step.envFile, { signal: ctx.signal })) ?? '';
      ({ backupPath } = await session.writeFileAtomic(
        step.envFile,
        setEnvValue(current, ENV_KEY, obtained.key),
        { mode: 0o600, backupStamp: stamp, signal: ctx.signal },
      ));
    } catch (error) {
      return failed(`Writing ${step.envFile} failed: ${reason(error)} ${cap(key)} is saved as ${savedPath}.`);
    }
    const previous = backupPath ? `the previous file is kept as ${backupPath}` : 'there was no previous file';
    ctx.onRollback({
      undo: () => restore(step, ctx, { backupPath, savedPath, key }),
      kept: `${step.envFile} holds ${key}, also saved as ${savedPath}; ${previous}.`,
    });
    return {
      status: 'ok',
      exitCode: 0,
      note: `Saved ${key} as ${savedPath} and wrote it into ${step.envFile} (both mode 600); ${previous}.`,
      outputTail: '',
    };
  } finally {
    await session.close();
  }
}

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// Before the container was recreated it still runs the key it started with: the env file goes
// back to match it, and the new key stays saved for the next attempt.
async function restore(
  step: InstallKeyStep,
  ctx: StepContext,
  at: { backupPath?: string; savedPath: string; key: string },
): Promise<string> {
  const stays = `${at.key} stays saved as ${at.savedPath}.`;
  if (!at.backupPath) return `${step.envFile} did not exist before, so it keeps ${at.key}; ${stays}`;
  const session = await ctx.remote!.connect();
  if (isRemoteFailure(session))
    return `Could not restore ${step.envFile} from ${at.backupPath}: ${session.message} ${cap(stays)}`;
  try {
    await session.restoreBackup(step.envFile, at.backupPath);
    return `${step.envFile} restored from ${at.backupPath}: the container still runs with the key it started with; ${stays}`;
  } catch (error) {
    return `Could not restore ${step.envFile} from ${at.backupPath}: ${reason(error)} ${cap(stays)}`;
  } finally {
    await session.close();
  }
}

// What access.WithClient does before every API command: create the omniconfig if missing, pick
// the service-account credentials, make the first (authenticated) call, then print the
// version-skew warning and Omni's notifications to stderr.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from './cli-error.mjs';

export const DEFAULT_OMNICONFIG =
  'contexts:\n    default:\n        url: grpc://127.0.0.1:8080\ncontext: default\n';

const AUTH_ERRORS = {
  expired:
    'failed to sign message: gopenpgp: error in signing: openpgp: invalid argument: no valid signing keys',
  rejected: 'rpc error: code = Unauthenticated desc = invalid signature',
  'insufficient-role':
    'rpc error: code = PermissionDenied desc = unauthorized: access denied: insufficient role: "Reader"',
};

/** The real omnictl writes its default config on every API call when the file is missing. */
function ensureOmniconfig(path) {
  if (!path || existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, DEFAULT_OMNICONFIG);
}

/** @param {{env: NodeJS.ProcessEnv, flags: Record<string, any>, state: any, err: (s: string) => void}} ctx */
export function runPreamble(ctx) {
  const { env, state } = ctx;
  ensureOmniconfig(ctx.flags.omniconfig ?? env.OMNICONFIG);
  const key = env.SIDERO_SERVICE_ACCOUNT_KEY || env.OMNI_SERVICE_ACCOUNT_KEY;
  if (!key) {
    throw new CliError(
      'fake omnictl: no credentials: set OMNI_SERVICE_ACCOUNT_KEY (or SIDERO_SERVICE_ACCOUNT_KEY); the omniconfig context grpc://127.0.0.1:8080 is not served',
    );
  }
  if (!env.OMNI_ENDPOINT)
    throw new CliError('fake omnictl: OMNI_ENDPOINT is not set (needed with a service-account key)');
  const authError = AUTH_ERRORS[state.auth];
  if (authError) throw new CliError(authError);
  const backend = String(state.omni.version).replace(/^v/, '');
  if (state.versionSkew) {
    ctx.err(
      `[WARN] omnictl version "${String(state.versionSkew).replace(/^v/, '')}" differs from the backend version "${backend}".\n`,
    );
  }
  for (const line of state.notifications ?? []) ctx.err(`${line}\n`);
}

import path from 'node:path';

// Only what omnictl needs: the bot's own environment holds Slack tokens and SSH settings.
// The proxy and CA variables are what a corporate network needs for omnictl's gRPC/HTTPS calls
// (Go reads both spellings of the proxy ones).
export const PASSED_THROUGH = [
  'PATH',
  'HOME',
  'LANG',
  'TZ',
  'TMPDIR',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
] as const;

type OmnictlEnvSettings = { endpoint: string; serviceAccountKey: string; configDir: string };

/** The complete environment for an omnictl child process (used with execa's `extendEnv: false`). */
export function omnictlEnv(baseEnv: NodeJS.ProcessEnv, settings: OmnictlEnvSettings): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = baseEnv[name];
    if (value !== undefined) env[name] = value;
  }
  // SIDERO_SERVICE_ACCOUNT_KEY is never set: omnictl checks it first, so a stray one would win over ours.
  env.OMNI_ENDPOINT = settings.endpoint;
  env.OMNI_SERVICE_ACCOUNT_KEY = settings.serviceAccountKey;
  // omnictl creates and rewrites this file on every call, even with a service-account key (notes §4).
  env.OMNICONFIG = path.join(settings.configDir, 'config');
  return env;
}

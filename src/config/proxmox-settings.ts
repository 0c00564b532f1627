// Proxmox is optional, but once named it needs a token and exactly one way to trust its certificate.
export function proxmoxProblems(env: Record<string, string | undefined>): string[] {
  const named = ['PROXMOX_TOKEN_ID', 'PROXMOX_TOKEN_SECRET', 'PROXMOX_TLS_FINGERPRINT', 'PROXMOX_CA_FILE'];
  if (!env.PROXMOX_URL)
    return named.some((name) => env[name])
      ? ['PROXMOX_URL: is required when the other PROXMOX_ variables are set']
      : [];
  const problems: string[] = [];
  if (!env.PROXMOX_TOKEN_ID) problems.push('PROXMOX_TOKEN_ID: is required when PROXMOX_URL is set');
  if (!env.PROXMOX_TOKEN_SECRET) problems.push('PROXMOX_TOKEN_SECRET: is required when PROXMOX_URL is set');
  if (!env.PROXMOX_TLS_FINGERPRINT === !env.PROXMOX_CA_FILE)
    problems.push(
      'PROXMOX_TLS_FINGERPRINT: set it (the certificate’s fingerprint) or PROXMOX_CA_FILE, exactly one of them; TLS is never unchecked',
    );
  return problems;
}

type ProxmoxEnv = {
  PROXMOX_URL?: string;
  PROXMOX_TOKEN_ID?: string;
  PROXMOX_TOKEN_SECRET?: string;
  PROXMOX_TLS_FINGERPRINT?: string;
  PROXMOX_CA_FILE?: string;
};

// The validated variables as the bot's Proxmox settings; none when Proxmox is not configured.
export function proxmoxSettings(env: ProxmoxEnv): {
  proxmox?: {
    url: string;
    tokenId: string;
    tokenSecret: string;
    trust: { fingerprint: string } | { caFile: string };
  };
} {
  if (!env.PROXMOX_URL || !env.PROXMOX_TOKEN_ID || !env.PROXMOX_TOKEN_SECRET) return {};
  return {
    proxmox: {
      url: env.PROXMOX_URL.replace(/\/$/, ''),
      tokenId: env.PROXMOX_TOKEN_ID,
      tokenSecret: env.PROXMOX_TOKEN_SECRET,
      trust: env.PROXMOX_TLS_FINGERPRINT
        ? { fingerprint: env.PROXMOX_TLS_FINGERPRINT }
        : { caFile: env.PROXMOX_CA_FILE ?? '' },
    },
  };
}

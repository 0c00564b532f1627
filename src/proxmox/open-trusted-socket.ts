import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { ProxmoxError } from './proxmox-error.js';

/**
 * How the bot trusts a Proxmox host: its certificate's SHA-256 fingerprint (as the Proxmox UI shows
 * it, colon-separated hex; the usual self-signed case) or a CA file's PEM. TLS checking is never
 * turned off: with a pin, the certificate must be exactly the pinned one.
 */
export type ProxmoxTrust = { fingerprint: string } | { ca: string };

function normalizeFingerprint(text: string): string {
  return text.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
}

// The fingerprint as an operator compares it with the Proxmox UI: AA:BB:…
function formatFingerprint(text: string): string {
  return (normalizeFingerprint(text).match(/../g) ?? []).join(':');
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
]);

function failureOf(error: NodeJS.ErrnoException, host: string): ProxmoxError {
  const code = error.code ?? '';
  if (UNREACHABLE.has(code))
    return new ProxmoxError(
      'unreachable',
      `Proxmox at ${host} is unreachable (${code}). Check PROXMOX_URL and the network.`,
      { cause: error },
    );
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code))
    return new ProxmoxError(
      'tls-untrusted',
      `Proxmox at ${host} offered a certificate PROXMOX_CA_FILE does not vouch for (${code}). Check PROXMOX_CA_FILE, or pin the certificate with PROXMOX_TLS_FINGERPRINT.`,
      { cause: error },
    );
  return new ProxmoxError('unreachable', `Could not connect to Proxmox at ${host}: ${error.message}`, {
    cause: error,
  });
}

/**
 * A TLS connection to the Proxmox host, resolved only once the host proved who it is (pin or CA):
 * nothing, the API token least of all, is written before that.
 */
export function openTrustedSocket(options: {
  url: URL;
  trust: ProxmoxTrust;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<TLSSocket> {
  const { url, trust } = options;
  const host = url.host;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const pinned = 'fingerprint' in trust;
    const socket = connect({
      host: hostname,
      port: Number(url.port || 443),
      ...(isIP(hostname) ? {} : { servername: hostname }),
      // A pin replaces the CA check (a self-signed certificate has no CA); it is checked below.
      rejectUnauthorized: !pinned,
      ...('ca' in trust ? { ca: trust.ca } : {}),
      ALPNProtocols: ['http/1.1'],
    });
    const settle = (error?: ProxmoxError) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (!error) return resolve(socket);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        settle(
          new ProxmoxError(
            'timeout',
            `Proxmox at ${host} did not complete TLS within ${Math.round(options.timeoutMs / 1000)} s.`,
          ),
        ),
      options.timeoutMs,
    );
    const onAbort = () => settle(new ProxmoxError('aborted', 'The Proxmox read was stopped.'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) return onAbort();
    socket.once('error', (error: NodeJS.ErrnoException) => settle(failureOf(error, host)));
    socket.once('secureConnect', () => {
      if (!pinned) return settle();
      const offered = socket.getPeerCertificate().fingerprint256 ?? '';
      if (normalizeFingerprint(offered) === normalizeFingerprint(trust.fingerprint)) return settle();
      settle(
        new ProxmoxError(
          'tls-pin-mismatch',
          `Proxmox at ${host} offered certificate ${formatFingerprint(offered)}, but PROXMOX_TLS_FINGERPRINT pins ${formatFingerprint(trust.fingerprint)}. Nothing was sent. If the certificate was renewed, check the new fingerprint in the Proxmox UI and update the pin.`,
        ),
      );
    });
  });
}

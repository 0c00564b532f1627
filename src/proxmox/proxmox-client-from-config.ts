import { readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { StartupError } from '../startup-error.js';
import { createProxmoxClient, type ProxmoxClient } from './create-proxmox-client.js';

/** The Proxmox client the configuration asks for, or none; an unreadable CA file stops the start. */
export function proxmoxClientFrom(settings: Config['proxmox']): ProxmoxClient | undefined {
  if (!settings) return undefined;
  if ('fingerprint' in settings.trust)
    return createProxmoxClient({ ...settings, trust: { fingerprint: settings.trust.fingerprint } });
  let ca: string;
  try {
    ca = readFileSync(settings.trust.caFile, 'utf8');
  } catch (error) {
    throw new StartupError(
      `PROXMOX_CA_FILE: cannot read ${settings.trust.caFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  return createProxmoxClient({ ...settings, trust: { ca } });
}

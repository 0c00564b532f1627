import type { ProxmoxClient } from '../proxmox/create-proxmox-client.js';
import { ProxmoxError } from '../proxmox/proxmox-error.js';
import type { ClusterVm } from '../proxmox/proxmox-resources.js';

export type VmReading = { vms: ClusterVm[] } | { vms: undefined; note: string };

export const PROXMOX_NOT_CONFIGURED = 'VM existence not checked: Proxmox is not configured';

// Proxmox is a second opinion: when it cannot be read the report still answers, saying why.
export async function readVms(client: ProxmoxClient | undefined, signal?: AbortSignal): Promise<VmReading> {
  if (!client) return { vms: undefined, note: PROXMOX_NOT_CONFIGURED };
  try {
    return { vms: await client.listVms(signal) };
  } catch (error) {
    if (!(error instanceof ProxmoxError)) throw error;
    return { vms: undefined, note: `VM existence unknown: ${error.userMessage}` };
  }
}

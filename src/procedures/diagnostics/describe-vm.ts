import { formatDuration } from '../../config/parse-duration.js';
import type { VmVerdict } from './match-vms.js';

// What Proxmox says of a machine's VM, in words (plain text: the Slack layer escapes it).
export function describeVm(verdict: VmVerdict): string {
  switch (verdict.kind) {
    case 'running':
    case 'stopped': {
      const uptime =
        verdict.kind === 'running' && verdict.vm.uptimeS !== undefined
          ? ` for ${formatDuration(verdict.vm.uptimeS * 1000)}`
          : '';
      const unconfirmed = verdict.confirmedByTag ? '' : ' (name matches; no provider tag)';
      return `VM ${verdict.vm.vmid} on ${verdict.vm.node}: ${verdict.kind}${uptime}${unconfirmed}`;
    }
    case 'gone':
      return `gone: Proxmox has no VM named ${verdict.requestId}`;
    case 'unknown':
      return `unknown: ${verdict.reason}`;
    case 'not-proxmox':
      return 'not a Proxmox machine';
  }
}

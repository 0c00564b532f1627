import type { VmVerdict } from './match-vms.js';

// What Proxmox says of a machine's VM, in words (plain text: the Slack layer escapes it).
export function describeVm(verdict: VmVerdict): string {
  switch (verdict.kind) {
    case 'running':
    case 'stopped': {
      const hours = verdict.vm.uptimeS === undefined ? undefined : Math.floor(verdict.vm.uptimeS / 3600);
      const uptime =
        verdict.kind === 'running' && hours !== undefined
          ? hours >= 48
            ? ` for ${Math.floor(hours / 24)}d`
            : ` for ${hours}h`
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

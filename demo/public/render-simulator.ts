import type { ProxmoxView, SimulatorView, TemplateView, VmView } from '../demo-types.js';
import { escapeHtml } from '../escape-html.js';

type Machine = SimulatorView['machines'][number];

// Their own classes (not ok/bad): a VM's "running" is not the machine's RUNNING stage.
const vmTag = (vm: VmView) =>
  `<span class="tag ${vm.status === 'running' ? 'vm-running' : 'vm-stopped'}">${escapeHtml(vm.status)}</span>`;

const vmLine = (vm: VmView) => `<div class="vm">VM ${vm.vmid} on ${escapeHtml(vm.node)} ${vmTag(vm)}</div>`;

// The machine's VM as the simulated Proxmox has it (the truth the bot's reads are checked against),
// under its name: a fourth column would not fit the panel.
function vmOf(m: Machine): string {
  if (m.vm === undefined) return '';
  if (m.vm === null) return '<div class="vm"><span class="tag vm-gone">no VM</span></div>';
  return vmLine(m.vm);
}

function machineRow(m: Machine): string {
  const stageClass = m.stage === 'RUNNING' ? 'ok' : m.stage === 'DESTROYING' ? 'bad' : 'warn';
  const tearing = m.phase === 'tearingDown' ? ' <span class="tag bad">tearing down</span>' : '';
  const role = m.role === 'controlplane' ? 'control plane' : m.role;
  return (
    `<tr data-machine-id="${escapeHtml(m.id)}"><td><strong class="hostname">${escapeHtml(m.hostname)}</strong>` +
    `<div class="uuid" title="${escapeHtml(m.id)}">${escapeHtml(m.id.slice(0, 8))}… · ${escapeHtml(role)}</div>${vmOf(m)}</td>` +
    `<td><span class="tag ${stageClass}">${escapeHtml(m.stage)}</span>${tearing}</td>` +
    `<td>${m.connected ? '<span class="tag ok">connected</span>' : '<span class="tag bad">unreachable</span>'}</td></tr>`
  );
}

// One table per cluster (machines outside any cluster last), as Omni's UI groups them.
function machineTables(machines: readonly Machine[]): string {
  const groups = new Map<string, Machine[]>();
  for (const m of machines) groups.set(m.cluster ?? '', [...(groups.get(m.cluster ?? '') ?? []), m]);
  if (machines.length === 0) return '<p class="empty">No machines.</p>';
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(
      ([cluster, list]) =>
        `<h3>${cluster ? `Cluster ${escapeHtml(cluster)}` : 'Not in a cluster'} (${list.length} machines)</h3>` +
        '<table class="machines"><thead><tr><th>machine</th><th>stage</th><th>link</th></tr></thead>' +
        `<tbody>${list.map(machineRow).join('')}</tbody></table>`,
    )
    .join('');
}

// The simulated Proxmox cluster, and its VMs that no machine accounts for (orphans).
function proxmoxSection(proxmox: ProxmoxView): string {
  if (!proxmox.configured)
    return `<p class="note" id="proxmox-state">No Proxmox: ${escapeHtml(proxmox.reason)}. The bot runs without it and says Proxmox is not configured.</p>`;
  const orphans =
    proxmox.orphans.length === 0
      ? ''
      : `<h3>Proxmox VMs no machine accounts for (${proxmox.orphans.length})</h3><table class="machines orphans"><tbody>${proxmox.orphans
          .map(
            (vm) =>
              `<tr data-vm-name="${escapeHtml(vm.name)}"><td><strong class="hostname">${escapeHtml(vm.name)}</strong>${vmLine(vm)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return (
    `<p class="note" id="proxmox-state">Proxmox: a fake API at <code>${escapeHtml(proxmox.url)}</code> ` +
    `(read-only token, pinned certificate), ${proxmox.vmCount} VMs; each machine's VM is under its name.</p>${orphans}`
  );
}

// The playground's copy of the template, and the hand that fixes it (what an operator would edit).
function templateSection(template: TemplateView | undefined): string {
  if (!template) return '';
  const head = `<h3>Template clusters/${escapeHtml(template.cluster)}.yaml</h3>`;
  if (template.problem) return `${head}<p class="note">${escapeHtml(template.problem)}</p>`;
  if (template.forbidden.length === 0)
    return `${head}<p class="note" id="template-state"><span class="tag ok">no label the kubelet may not set</span></p>`;
  return (
    `${head}<p class="note" id="template-state"><span class="tag bad">sets labels the kubelet may not set</span> ` +
    `${template.forbidden.map(escapeHtml).join('; ')}. Nodes with them loop (<code>/omni reboot-loop</code>); ` +
    'the fix can be requested only once the template is fixed.</p>' +
    '<button type="button" class="sim-action" id="fix-template">Fix the label in the template</button>'
  );
}

// The simulator's own state (not what the bot says): it changes only when a procedure acts.
export function renderSimulator(
  sim: SimulatorView | undefined,
  sshUnavailable?: string,
  template?: TemplateView,
): string {
  if (!sim) return '<h2>Omni simulator</h2><p class="empty">starting…</p>';
  const provider = sim.provider.connected
    ? '<span class="tag ok">connected</span>'
    : '<span class="tag bad">disconnected</span>';
  const host = sshUnavailable
    ? `<p class="note">No provider host: ${escapeHtml(sshUnavailable)}. The SSH procedures (restart-provider, rotate-provider-key) are off.</p>`
    : '<p class="note">Provider host: a loopback sshd; its <code>docker</code> reconnects the provider.</p>';
  return [
    '<h2>Omni simulator</h2>',
    '<dl class="facts">',
    `<dt>Infra provider</dt><dd>${escapeHtml(sim.provider.id)} ${provider}</dd>`,
    `<dt>Provider key</dt><dd>${Date.parse(sim.provider.keyExpiredAt) < Date.now() ? 'expired' : 'expires'} ${escapeHtml(sim.provider.keyExpiryShown)}; renewed ${sim.provider.keyRenewals}×</dd>`,
    `<dt>Bot's Omni access</dt><dd>${escapeHtml(sim.auth)}</dd>`,
    `<dt>Clusters</dt><dd>${escapeHtml(sim.clusters.join(', ') || 'none')}</dd>`,
    '</dl>',
    host,
    proxmoxSection(sim.proxmox),
    templateSection(template),
    machineTables(sim.machines),
  ].join('');
}

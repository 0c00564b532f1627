import type { SimulatorView, TemplateView } from '../demo-types.js';
import { escapeHtml } from '../escape-html.js';

type Machine = SimulatorView['machines'][number];

function machineRow(m: Machine): string {
  const stageClass = m.stage === 'RUNNING' ? 'ok' : m.stage === 'DESTROYING' ? 'bad' : 'warn';
  const tearing = m.phase === 'tearingDown' ? ' <span class="tag bad">tearing down</span>' : '';
  const role = m.role === 'controlplane' ? 'control plane' : m.role;
  return (
    `<tr data-machine-id="${escapeHtml(m.id)}"><td><strong class="hostname">${escapeHtml(m.hostname)}</strong>` +
    `<div class="uuid" title="${escapeHtml(m.id)}">${escapeHtml(m.id.slice(0, 8))}… · ${escapeHtml(role)}</div></td>` +
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
    templateSection(template),
    machineTables(sim.machines),
  ].join('');
}

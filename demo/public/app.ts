import type { ChannelView, Snapshot } from '../demo-types.js';
import { escapeHtml } from '../escape-html.js';
import type { Directory } from '../render-mrkdwn.js';
import { fetchSnapshot, postAction } from './api-client.js';
import { askConfirm } from './confirm-dialog.js';
import { showModal } from './modal-dialog.js';
import { renderChannelMessages } from './render-channel.js';
import { renderSimulator } from './render-simulator.js';

const POLL_MS = 1_000;
const EXAMPLES = ['status', 'stuck-machines', 'provider-status', 'reboot-loop', 'drift', 'history', 'help'];

const $ = (id: string) => document.getElementById(id) as HTMLElement;

const page = {
  person: 'U0ALICE',
  snapshot: undefined as Snapshot | undefined,
  rendered: new Map<string, string>(),
  modalShown: undefined as string | undefined,
  scenarioShown: undefined as string | undefined,
};

function directory(snapshot: Snapshot): Directory {
  const users = new Map(snapshot.people.map((p) => [p.id, p.name]));
  users.set('U0BOT', 'omni');
  users.set('U0CAROL', 'carol');
  const channels = new Map(snapshot.channels.map((c) => [c.id, c.name]));
  return { userName: (id) => users.get(id), channelName: (id) => channels.get(id) };
}

function toast(text: string): void {
  const item = document.createElement('div');
  item.className = 'toast';
  item.textContent = text;
  $('toasts').append(item);
  setTimeout(() => item.remove(), 6_000);
}

function renderPeople(snapshot: Snapshot): void {
  $('people').innerHTML = snapshot.people
    .map(
      (p) =>
        `<button type="button" role="radio" class="person${p.id === page.person ? ' active' : ''}" aria-checked="${p.id === page.person}" data-person="${escapeHtml(p.id)}">` +
        `<span class="person-name">${escapeHtml(p.name)}</span> <span class="person-role">${escapeHtml(p.role)}</span></button>`,
    )
    .join('');
  const select = $('scenario') as HTMLSelectElement;
  if (select.options.length === 0)
    select.innerHTML = snapshot.scenarios
      .map((s) => `<option value="${escapeHtml(s)}">${escapeHtml(s)}</option>`)
      .join('');
  // Follows the running scenario only when it changes, so a pick not yet Reset stays picked.
  if (page.scenarioShown !== snapshot.scenario && document.activeElement !== select) {
    select.value = snapshot.scenario;
    page.scenarioShown = snapshot.scenario;
  }
  renderScenarioNote(snapshot);
}

// Says what the picked scenario is for (the one picked, not yet the one running, so a user can read before Reset).
function renderScenarioNote(snapshot: Snapshot): void {
  const picked = ($('scenario') as HTMLSelectElement).value || snapshot.scenario;
  const note = snapshot.scenarioNotes[picked] ?? '';
  if ($('scenario-note').textContent !== note) $('scenario-note').textContent = note;
}

function channelSection(channel: ChannelView): HTMLElement {
  const existing = document.getElementById(`channel-${channel.id}`);
  if (existing) return existing;
  const section = document.createElement('section');
  section.className = 'channel';
  section.id = `channel-${channel.id}`;
  section.dataset.channel = channel.id;
  section.setAttribute('aria-label', `#${channel.name}`);
  section.innerHTML =
    `<h2 class="channel-name">#${escapeHtml(channel.name)}</h2><div class="messages"></div>` +
    `<form class="command-box"><input name="command" autocomplete="off" aria-label="Command in #${escapeHtml(channel.name)}" placeholder="/omni stuck-machines">` +
    '<button type="submit">Send</button></form>' +
    `<div class="examples">Try: ${EXAMPLES.map((e) => `<button type="button" class="example" data-example="${e}">${e}</button>`).join(' ')}</div>`;
  $('channels').append(section);
  return section;
}

// The incident channel says when the watcher looks, instead of looking empty for a minute.
function watchNote(snapshot: Snapshot, channelId: string): string | undefined {
  const watch = snapshot.watch;
  if (!watch || watch.channel !== channelId) return undefined;
  const every = `every ${Math.round(watch.intervalMs / 1000)} s`;
  if (watch.firstCheckInMs > 0)
    return `The watcher's first check of Omni is in ${Math.ceil(watch.firstCheckInMs / 1000)} s (then ${every}); its alerts and the procedures' notices appear here.`;
  return `The watcher checks Omni ${every}; nothing to report so far. Alerts and the procedures' notices appear here.`;
}

function renderChannels(snapshot: Snapshot): void {
  const names = directory(snapshot);
  for (const channel of snapshot.channels) {
    const section = channelSection(channel);
    const html = renderChannelMessages(channel, names, watchNote(snapshot, channel.id));
    if (page.rendered.get(channel.id) === html) continue;
    const list = section.querySelector('.messages') as HTMLElement;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    list.innerHTML = html;
    page.rendered.set(channel.id, html);
    if (atBottom) list.scrollTop = list.scrollHeight;
  }
}

function renderNotices(snapshot: Snapshot): void {
  const notes: string[] = [];
  if (snapshot.status === 'restarting') notes.push('Restarting the playground…');
  if (snapshot.status === 'failed')
    notes.push(`The playground failed to start: ${snapshot.problem ?? 'unknown'}`);
  if (snapshot.sshUnavailable)
    notes.push(`SSH procedures are off: ${snapshot.sshUnavailable}. Install openssh-server to try them.`);
  const proxmox = snapshot.simulator?.proxmox;
  if (proxmox && !proxmox.configured)
    notes.push(`Proxmox is off: ${proxmox.reason}. Install openssl to try the VM checks.`);
  $('notices').innerHTML = notes.map((n) => `<div class="notice">${escapeHtml(n)}</div>`).join('');
}

function renderModal(snapshot: Snapshot): void {
  const modal = snapshot.modal;
  if (modal?.viewId === page.modalShown) return;
  page.modalShown = modal?.viewId;
  const root = $('modal-root');
  if (!modal) {
    root.innerHTML = '';
    return;
  }
  showModal(root, modal, directory(snapshot), {
    submit: async (viewId, values) => {
      const answer = await postAction('submit', { user: page.person, viewId, values });
      if (!answer.ok && answer.problem) toast(answer.problem);
      await refresh();
      return answer;
    },
    close: async (viewId) => {
      await postAction('close', { user: page.person, viewId });
      await refresh();
    },
  });
}

function render(snapshot: Snapshot): void {
  page.snapshot = snapshot;
  renderPeople(snapshot);
  renderNotices(snapshot);
  renderChannels(snapshot);
  const simulator =
    renderSimulator(snapshot.simulator, snapshot.sshUnavailable, snapshot.template) +
    (snapshot.logPath
      ? `<p class="note" id="bot-log">Bot log: <code>${escapeHtml(snapshot.logPath)}</code></p>`
      : '');
  if ($('simulator').innerHTML !== simulator) $('simulator').innerHTML = simulator;
  renderModal(snapshot);
  document.body.dataset.status = snapshot.status;
}

let inFlight: Promise<void> | undefined;
function refresh(): Promise<void> {
  inFlight ??= fetchSnapshot(page.person)
    .then(render, (error: Error) => toast(error.message))
    .finally(() => {
      inFlight = undefined;
    });
  return inFlight;
}

async function clickButton(button: HTMLButtonElement): Promise<void> {
  const message = button.closest<HTMLElement>('article.msg');
  if (button.dataset.url) window.open(button.dataset.url, '_blank', 'noopener');
  if (!message || !button.dataset.actionId) return;
  const confirm = button.parentElement?.querySelector('.bk-confirm');
  if (confirm && !(await askConfirm($('confirm-root'), confirm))) return;
  button.disabled = true;
  const answer = await postAction('click', {
    user: page.person,
    channel: message.dataset.channel,
    ts: message.dataset.ts,
    actionId: button.dataset.actionId,
    blockId: button.dataset.blockId,
    value: button.dataset.value,
  });
  if (!answer.ok) toast(answer.problem ?? 'The click was not accepted.');
  await refresh();
}

async function fixTemplate(): Promise<void> {
  const answer = await postAction('fix-template', { user: page.person });
  toast(
    answer.ok
      ? 'Fixed the template: run /omni reboot-loop again to request the fix.'
      : (answer.problem ?? 'The template was not fixed.'),
  );
  await refresh();
}

function onClick(event: MouseEvent): void {
  const target = event.target as HTMLElement;
  const person = target.closest<HTMLElement>('[data-person]');
  if (person?.dataset.person) {
    page.person = person.dataset.person;
    page.rendered.clear();
    page.modalShown = undefined;
    // Modals and confirm dialogs belong to the person who opened them.
    $('modal-root').innerHTML = '';
    $('confirm-root').innerHTML = '';
    void refresh();
    return;
  }
  if (target.closest('#fix-template')) {
    void fixTemplate();
    return;
  }
  const example = target.closest<HTMLElement>('[data-example]');
  if (example) {
    const input = example.closest('.channel')?.querySelector<HTMLInputElement>('input[name=command]');
    if (input) {
      input.value = `/omni ${example.dataset.example}`;
      input.focus();
    }
    return;
  }
  const button = target.closest<HTMLButtonElement>('button.bk-button');
  if (button && !button.closest('.modal')) void clickButton(button);
}

async function onSubmit(event: SubmitEvent): Promise<void> {
  const form = event.target as HTMLFormElement;
  if (form.id === 'scenario-form') {
    event.preventDefault();
    const scenario = ($('scenario') as HTMLSelectElement).value;
    page.rendered.clear();
    $('channels').innerHTML = '';
    const answer = await postAction('reset', { scenario });
    if (!answer.ok) toast(answer.problem ?? 'Reset failed.');
    await refresh();
    return;
  }
  if (!form.classList.contains('command-box')) return;
  event.preventDefault();
  const input = form.querySelector<HTMLInputElement>('input[name=command]');
  const channel = form.closest<HTMLElement>('.channel')?.dataset.channel;
  const text = input?.value.trim() ?? '';
  if (!input || !channel || !text) return;
  if (!/^\/omni(\s|$)/.test(text) && text.startsWith('/')) {
    toast(`${text.split(/\s/)[0]} is not a command here; only /omni is.`);
    return;
  }
  input.value = '';
  const answer = await postAction('command', { user: page.person, channel, text });
  if (!answer.ok) toast(answer.problem ?? 'The command was not accepted.');
  await refresh();
}

document.addEventListener('click', onClick);
document.addEventListener('change', (event) => {
  if ((event.target as HTMLElement).id === 'scenario' && page.snapshot) renderScenarioNote(page.snapshot);
});
document.addEventListener('submit', (event) => void onSubmit(event as SubmitEvent));
void refresh();
setInterval(() => void refresh(), POLL_MS);

import type { ActionAnswer, ModalView } from '../demo-types.js';
import { escapeHtml } from '../escape-html.js';
import { renderBlocks, renderText } from '../render-blocks.js';
import type { Directory } from '../render-mrkdwn.js';

export type ModalHandlers = {
  submit(viewId: string, values: Record<string, string>): Promise<ActionAnswer>;
  close(viewId: string): Promise<void>;
};

// A modal the bot opened with views.open: its blocks, plain-text inputs and Submit/Close.
export function showModal(
  root: HTMLElement,
  modal: ModalView,
  directory: Directory,
  handlers: ModalHandlers,
): void {
  const view = modal.view;
  const submit = view.submit === undefined ? '' : renderText(view.submit, directory);
  const close = view.close === undefined ? 'Cancel' : renderText(view.close, directory);
  root.innerHTML =
    `<div class="overlay"><form class="dialog modal" role="dialog" aria-modal="true" data-view-id="${escapeHtml(modal.viewId)}">` +
    `<h2 class="modal-title">${renderText(view.title, directory)}</h2>` +
    `<div class="modal-body">${renderBlocks(view.blocks ?? [], directory)}</div>` +
    `<div class="modal-buttons"><button type="button" class="modal-close">${close}</button>` +
    (submit ? `<button type="submit" class="modal-submit bk-primary">${submit}</button>` : '') +
    '</div></form></div>';
  const form = root.querySelector('form');
  form?.querySelector<HTMLElement>('.bk-plain-input')?.focus();
  form?.querySelector('.modal-close')?.addEventListener('click', () => void handlers.close(modal.viewId));
  form?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values: Record<string, string> = {};
    for (const input of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('.bk-plain-input'))
      values[input.name] = input.value;
    const answer = await handlers.submit(modal.viewId, values);
    showErrors(form, answer.errors ?? {});
  });
}

// response_action "errors": Slack shows each message under its input block.
function showErrors(form: HTMLFormElement, errors: Record<string, string>): void {
  for (const slot of form.querySelectorAll<HTMLElement>('.bk-input-error')) {
    const blockId = slot.closest<HTMLElement>('.bk-input')?.dataset.blockId ?? '';
    const message = errors[blockId];
    slot.hidden = message === undefined;
    slot.textContent = message ?? '';
  }
}

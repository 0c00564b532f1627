import { replaceEmoji } from './emoji.js';
import { escapeHtml } from './escape-html.js';
import { type Directory, NO_DIRECTORY, renderMrkdwn } from './render-mrkdwn.js';

// Block Kit → HTML for the playground and its golden tests. Pure: no DOM, no Node.
// Whatever it does not know is shown as "unsupported: <type>", so nothing the bot sends is hidden.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  return isObject(value) && typeof value.type === 'string' ? value.type : '(no type)';
}

export function unsupported(type: string): string {
  return `<div class="bk-unsupported">unsupported: ${escapeHtml(type)}</div>`;
}

// A text object: mrkdwn is formatted, plain_text is shown as typed (with emoji codes when asked).
export function renderText(text: unknown, directory: Directory = NO_DIRECTORY): string {
  if (!isObject(text) || typeof text.text !== 'string') return unsupported(typeOf(text));
  if (text.type === 'mrkdwn') return renderMrkdwn(text.text, directory);
  if (text.type === 'plain_text') {
    const escaped = escapeHtml(text.text).replaceAll('\n', '<br>');
    return text.emoji === false ? escaped : replaceEmoji(escaped);
  }
  return unsupported(typeOf(text));
}

function dataAttributes(values: Record<string, string | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
    .join('');
}

function styleClass(style: unknown): string {
  return style === 'primary' || style === 'danger' ? ` bk-${style}` : '';
}

// The dialog Slack shows before sending the click; kept hidden next to its button.
function renderConfirm(confirm: unknown, directory: Directory): string {
  if (!isObject(confirm)) return '';
  return [
    `<div class="bk-confirm" hidden>`,
    `<div class="bk-confirm-title">${renderText(confirm.title, directory)}</div>`,
    `<div class="bk-confirm-text">${renderText(confirm.text, directory)}</div>`,
    `<div class="bk-confirm-buttons"><button type="button" class="bk-confirm-deny">${renderText(confirm.deny, directory)}</button>`,
    `<button type="button" class="bk-confirm-ok${styleClass(confirm.style ?? 'primary')}">${renderText(confirm.confirm, directory)}</button></div>`,
    `</div>`,
  ].join('');
}

function renderButton(button: Json, blockId: string | undefined, directory: Directory): string {
  const attributes = dataAttributes({
    'action-id': typeof button.action_id === 'string' ? button.action_id : undefined,
    'block-id': blockId,
    value: typeof button.value === 'string' ? button.value : undefined,
    url: typeof button.url === 'string' ? button.url : undefined,
  });
  const confirm = isObject(button.confirm);
  return (
    `<span class="bk-button-wrap"><button type="button" class="bk-button${styleClass(button.style)}"` +
    `${attributes}${confirm ? ' data-has-confirm="true"' : ''}>${renderText(button.text, directory)}</button>` +
    `${renderConfirm(button.confirm, directory)}</span>`
  );
}

function renderPlainTextInput(element: Json, blockId: string | undefined): string {
  const attributes = [
    ` name="${escapeHtml(blockId ?? '')}"`,
    dataAttributes({
      'block-id': blockId,
      'action-id': typeof element.action_id === 'string' ? element.action_id : undefined,
    }),
    typeof element.min_length === 'number' ? ` minlength="${element.min_length}"` : '',
    typeof element.max_length === 'number' ? ` maxlength="${element.max_length}"` : '',
  ].join('');
  const initial = typeof element.initial_value === 'string' ? escapeHtml(element.initial_value) : '';
  if (element.multiline === true)
    return `<textarea class="bk-plain-input" rows="3"${attributes}>${initial}</textarea>`;
  return `<input type="text" class="bk-plain-input"${attributes} value="${initial}">`;
}

// Interactive elements: buttons anywhere, plain-text inputs inside input blocks.
export function renderElement(
  element: unknown,
  blockId?: string,
  directory: Directory = NO_DIRECTORY,
): string {
  if (!isObject(element)) return unsupported(typeOf(element));
  if (element.type === 'button') return renderButton(element, blockId, directory);
  if (element.type === 'plain_text_input') return renderPlainTextInput(element, blockId);
  return unsupported(typeOf(element));
}

function blockIdOf(block: Json): string | undefined {
  return typeof block.block_id === 'string' ? block.block_id : undefined;
}

function renderSection(block: Json, directory: Directory): string {
  const blockId = blockIdOf(block);
  const text =
    block.text === undefined ? '' : `<div class="bk-text">${renderText(block.text, directory)}</div>`;
  const fields = Array.isArray(block.fields)
    ? `<div class="bk-fields">${block.fields.map((f) => `<div class="bk-field">${renderText(f, directory)}</div>`).join('')}</div>`
    : '';
  const accessory =
    block.accessory === undefined
      ? ''
      : `<div class="bk-accessory">${renderElement(block.accessory, blockId, directory)}</div>`;
  return `<div class="bk-section"${dataAttributes({ 'block-id': blockId })}><div class="bk-section-body">${text}${fields}</div>${accessory}</div>`;
}

function renderContext(block: Json, directory: Directory): string {
  const elements = Array.isArray(block.elements) ? block.elements : [];
  const items = elements.map((e) => `<span class="bk-context-item">${renderText(e, directory)}</span>`);
  return `<div class="bk-context">${items.join('')}</div>`;
}

function renderActions(block: Json, directory: Directory): string {
  const blockId = blockIdOf(block);
  const elements = Array.isArray(block.elements) ? block.elements : [];
  return `<div class="bk-actions"${dataAttributes({ 'block-id': blockId })}>${elements.map((e) => renderElement(e, blockId, directory)).join('')}</div>`;
}

function renderInput(block: Json, directory: Directory): string {
  const blockId = blockIdOf(block);
  const optional = block.optional === true ? ' <span class="bk-optional">(optional)</span>' : '';
  const hint =
    block.hint === undefined ? '' : `<span class="bk-hint">${renderText(block.hint, directory)}</span>`;
  return (
    `<label class="bk-input"${dataAttributes({ 'block-id': blockId })}>` +
    `<span class="bk-input-label">${renderText(block.label, directory)}${optional}</span>` +
    `${renderElement(block.element, blockId, directory)}${hint}<span class="bk-input-error" hidden></span></label>`
  );
}

export function renderBlock(block: unknown, directory: Directory = NO_DIRECTORY): string {
  if (!isObject(block)) return unsupported(typeOf(block));
  switch (block.type) {
    case 'header':
      return `<h3 class="bk-header">${renderText(block.text, directory)}</h3>`;
    case 'section':
      return renderSection(block, directory);
    case 'context':
      return renderContext(block, directory);
    case 'divider':
      return '<hr class="bk-divider">';
    case 'actions':
      return renderActions(block, directory);
    case 'input':
      return renderInput(block, directory);
    default:
      return unsupported(typeOf(block));
  }
}

// One line per block keeps golden files readable and their diffs small.
export function renderBlocks(blocks: unknown, directory: Directory = NO_DIRECTORY): string {
  if (!Array.isArray(blocks)) return unsupported(`blocks is ${typeof blocks}`);
  return blocks.map((block) => renderBlock(block, directory)).join('\n');
}

// A message as Slack shows it: its blocks, or its text (mrkdwn) when it has none.
export function renderMessageBody(
  message: { text: string; blocks?: unknown[] },
  directory: Directory = NO_DIRECTORY,
): string {
  if (message.blocks && message.blocks.length > 0) return renderBlocks(message.blocks, directory);
  return `<div class="bk-text">${renderMrkdwn(message.text, directory)}</div>`;
}

import {
  checkElement,
  checkLength,
  checkTextObject,
  isRecord,
  type Problems,
  problem,
} from './validate-block-elements.js';

// Block types Slack accepts in messages and modals; anything else is rejected like a typo would be.
const KNOWN_BLOCK_TYPES = new Set([
  'actions',
  'context',
  'context_actions',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
]);

// Returns Slack-style problem strings; empty when the blocks would be accepted.
export function validateBlocks(blocks: unknown, options: { maxBlocks: number; pointer: string }): Problems {
  const problems: Problems = [];
  if (!Array.isArray(blocks)) return [problem('must provide an array', options.pointer)];
  if (blocks.length > options.maxBlocks) {
    problems.push(problem(`must be less than ${options.maxBlocks + 1} items`, options.pointer));
  }
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const pointer = `${options.pointer}/${index}`;
    if (!isRecord(block) || typeof block.type !== 'string') {
      problems.push(problem('must provide an object with a type', pointer));
      return;
    }
    if (typeof block.block_id === 'string') {
      checkLength(block.block_id, 255, `${pointer}/block_id`, problems);
      if (blockIds.has(block.block_id)) {
        problems.push(problem(`duplicate block_id "${block.block_id}"`, `${pointer}/block_id`));
      }
      blockIds.add(block.block_id);
    }
    checkBlock(block, pointer, problems);
  });
  return problems;
}

// Per-type checks; each pushes onto `problems`.
const BLOCK_CHECKS: Record<
  string,
  (block: Record<string, unknown>, pointer: string, problems: Problems) => void
> = {
  section: checkSection,
  header: (block, pointer, problems) =>
    checkTextObject(block.text, `${pointer}/text`, problems, { max: 150, plainOnly: true, required: true }),
  actions: (block, pointer, problems) =>
    checkElements(block.elements, `${pointer}/elements`, 25, problems, { uniqueActionIds: true }),
  context: (block, pointer, problems) =>
    checkElements(block.elements, `${pointer}/elements`, 10, problems, { uniqueActionIds: false }),
  input: (block, pointer, problems) => {
    checkTextObject(block.label, `${pointer}/label`, problems, {
      max: 2000,
      plainOnly: true,
      required: true,
    });
    checkTextObject(block.hint, `${pointer}/hint`, problems, { max: 2000, plainOnly: true });
    checkElement(block.element, `${pointer}/element`, problems);
  },
  markdown: (block, pointer, problems) => checkLength(block.text, 12000, `${pointer}/text`, problems),
  image: (block, pointer, problems) => {
    checkLength(block.alt_text, 2000, `${pointer}/alt_text`, problems);
    checkLength(block.image_url, 3000, `${pointer}/image_url`, problems);
  },
};

function checkBlock(block: Record<string, unknown>, pointer: string, problems: Problems): void {
  const type = String(block.type);
  if (!KNOWN_BLOCK_TYPES.has(type)) {
    problems.push(problem(`unsupported type "${type}"`, `${pointer}/type`));
    return;
  }
  BLOCK_CHECKS[type]?.(block, pointer, problems);
}

function checkSection(block: Record<string, unknown>, pointer: string, problems: Problems): void {
  if (block.text === undefined && block.fields === undefined) {
    problems.push(problem('must provide either text or fields', pointer));
  }
  checkTextObject(block.text, `${pointer}/text`, problems, { max: 3000 });
  if (block.fields !== undefined) {
    if (!Array.isArray(block.fields)) {
      problems.push(problem('must provide an array', `${pointer}/fields`));
    } else {
      if (block.fields.length > 10)
        problems.push(problem('must provide no more than 10 items', `${pointer}/fields`));
      block.fields.forEach((field, index) => {
        checkTextObject(field, `${pointer}/fields/${index}`, problems, { max: 2000, required: true });
      });
    }
  }
  if (block.accessory !== undefined) checkElement(block.accessory, `${pointer}/accessory`, problems);
}

function checkElements(
  elements: unknown,
  pointer: string,
  max: number,
  problems: Problems,
  options: { uniqueActionIds: boolean },
): void {
  if (!Array.isArray(elements)) {
    problems.push(problem('must provide an array', pointer));
    return;
  }
  if (elements.length > max) problems.push(problem(`must provide no more than ${max} items`, pointer));
  const actionIds = new Set<string>();
  elements.forEach((element, index) => {
    const at = `${pointer}/${index}`;
    if (isRecord(element) && (element.type === 'mrkdwn' || element.type === 'plain_text')) {
      checkTextObject(element, at, problems, { max: 3000, required: true });
      return;
    }
    checkElement(element, at, problems);
    if (!options.uniqueActionIds || !isRecord(element) || typeof element.action_id !== 'string') return;
    if (actionIds.has(element.action_id)) {
      problems.push(problem(`duplicate action_id "${element.action_id}"`, `${at}/action_id`));
    }
    actionIds.add(element.action_id);
  });
}

// Limits on text objects, interactive elements and confirm dialogs (notes §4, from @slack/types).
// Each check returns Slack-style messages: "<what> [json-pointer:<where>]".

export type Problems = string[];

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function problem(message: string, pointer: string): string {
  return `${message} [json-pointer:${pointer}]`;
}

// Slack's own wording is "must be less than <max+1> characters" (fixture invalid_blocks.json).
export function checkLength(value: unknown, max: number, pointer: string, problems: Problems): void {
  if (typeof value === 'string' && value.length > max) {
    problems.push(problem(`must be less than ${max + 1} characters`, pointer));
  }
}

export function checkTextObject(
  value: unknown,
  pointer: string,
  problems: Problems,
  limits: { max: number; plainOnly?: boolean; required?: boolean },
): void {
  if (value === undefined) {
    if (limits.required) problems.push(problem('must provide an object', pointer));
    return;
  }
  if (!isRecord(value) || typeof value.text !== 'string') {
    problems.push(problem('must provide an object with a string text', pointer));
    return;
  }
  const allowed = limits.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (!allowed.includes(String(value.type))) {
    problems.push(problem(`must be one of ${allowed.join(', ')}`, `${pointer}/type`));
  }
  if (value.text.length === 0) problems.push(problem('must be more than 0 characters', `${pointer}/text`));
  checkLength(value.text, limits.max, `${pointer}/text`, problems);
}

export function checkConfirm(value: unknown, pointer: string, problems: Problems): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    problems.push(problem('must provide an object', pointer));
    return;
  }
  checkTextObject(value.title, `${pointer}/title`, problems, { max: 100, plainOnly: true, required: true });
  checkTextObject(value.text, `${pointer}/text`, problems, { max: 300, required: true });
  checkTextObject(value.confirm, `${pointer}/confirm`, problems, {
    max: 30,
    plainOnly: true,
    required: true,
  });
  checkTextObject(value.deny, `${pointer}/deny`, problems, { max: 30, plainOnly: true, required: true });
  if (value.style !== undefined && value.style !== 'danger' && value.style !== 'primary') {
    problems.push(problem('must be one of primary, danger', `${pointer}/style`));
  }
}

function checkOptions(options: unknown, pointer: string, max: number, problems: Problems): void {
  if (options === undefined) return;
  if (!Array.isArray(options)) {
    problems.push(problem('must provide an array', pointer));
    return;
  }
  if (options.length > max) problems.push(problem(`must provide no more than ${max} items`, pointer));
  options.forEach((option, index) => {
    const at = `${pointer}/${index}`;
    if (!isRecord(option)) return;
    checkTextObject(option.text, `${at}/text`, problems, { max: 75, required: true });
    checkLength(option.value, 150, `${at}/value`, problems);
  });
}

export function checkElement(element: unknown, pointer: string, problems: Problems): void {
  if (!isRecord(element) || typeof element.type !== 'string') {
    problems.push(problem('must provide an object with a type', pointer));
    return;
  }
  checkLength(element.action_id, 255, `${pointer}/action_id`, problems);
  checkConfirm(element.confirm, `${pointer}/confirm`, problems);
  checkTextObject(element.placeholder, `${pointer}/placeholder`, problems, { max: 150, plainOnly: true });
  if (element.type === 'button') {
    checkTextObject(element.text, `${pointer}/text`, problems, { max: 75, plainOnly: true, required: true });
    checkLength(element.value, 2000, `${pointer}/value`, problems);
    checkLength(element.url, 3000, `${pointer}/url`, problems);
    if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
      problems.push(problem('must be one of primary, danger', `${pointer}/style`));
    }
  }
  if (element.type === 'overflow') checkOptions(element.options, `${pointer}/options`, 5, problems);
  if (element.type.endsWith('static_select'))
    checkOptions(element.options, `${pointer}/options`, 100, problems);
  if (element.type === 'image') checkLength(element.alt_text, 2000, `${pointer}/alt_text`, problems);
}

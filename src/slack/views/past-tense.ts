// A resolved alert tells what was wrong, not what is: the watcher's summaries (its own wording,
// src/watch/*-conditions.ts) in the past tense. Only the summary's leading clause, before the first
// ": " or " (", is rewritten, so the text Omni wrote after it (an error, a stage) stays as it was.
const LEAD: [RegExp, string][] = [
  [/ is /, ' was '],
  [/ cannot /, ' could not '],
  [/its key has expired/, 'its key had expired'],
  [/its key expires soon/, 'its key was about to expire'],
];
const REST: [RegExp, string][] = [[/^NodeRestriction rejects /, 'NodeRestriction rejected ']];

export function pastTense(summary: string): string {
  const cut = /: | \(/.exec(summary);
  const at = cut ? cut.index : summary.length;
  let lead = summary.slice(0, at);
  for (const [pattern, past] of LEAD) lead = lead.replace(pattern, past);
  const sep = cut ? cut[0] : '';
  let rest = summary.slice(at + sep.length);
  for (const [pattern, past] of REST) rest = rest.replace(pattern, past);
  return `${lead}${sep}${rest}`;
}

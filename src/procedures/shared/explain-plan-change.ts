import type { Plan, TemplateSnapshotRef } from './plan.js';

const AGAIN = 'Nothing ran; request it again to see the new plan.';

// Which of the template's files differ between the approved snapshot and the files on disk now.
function changedFiles(approved: TemplateSnapshotRef, now: TemplateSnapshotRef): string[] {
  const byPath = ({ files }: TemplateSnapshotRef) => new Map(files.map((f) => [f.path, f.sha256]));
  const before = byPath(approved);
  const after = byPath(now);
  const changes: string[] = [];
  for (const [path, sha] of before) {
    const current = after.get(path);
    if (current === undefined) changes.push(`${path} is no longer used`);
    else if (current !== sha) changes.push(`${path} was edited`);
  }
  for (const path of after.keys()) if (!before.has(path)) changes.push(`${path} was added`);
  return changes;
}

/** Why an approval is refused when the re-planned fingerprint differs from the approved one. */
export function explainPlanChange(approved: Plan, current: Plan): string {
  const before = approved.templateSnapshot;
  const after = current.templateSnapshot;
  if (before && after && before.hash !== after.hash) {
    const changes = changedFiles(before, after);
    const what = changes.length > 0 ? changes.join(', ') : 'its files changed';
    return `The template changed since the request: ${what}. The card no longer shows what would run. ${AGAIN}`;
  }
  // The rest of a template plan's fingerprint is the hash of the diff omnictl printed.
  if (approved.preview !== undefined || current.preview !== undefined) {
    return `Omni changed since the request: \`cluster template diff\` no longer shows what the card showed. ${AGAIN}`;
  }
  return `Omni changed since the request: the targets are no longer in the state the approval card showed. ${AGAIN}`;
}

import type { Omnictl } from '../omni/run-omnictl.js';
import { isMachineId, refuseOmniIds } from '../omni-model/identifiers.js';
import { labelText, OmniLabel } from '../omni-model/labels.js';
import { forbiddenFindings } from '../procedures/diagnostics/check-node-labels.js';
import { diagnoseLabelLoop, type LabelLoopReport } from '../procedures/diagnostics/diagnose-label-loop.js';
import { findLabelSymptoms, type LabelSymptoms } from '../procedures/diagnostics/find-label-symptoms.js';
import { suggestLabelFix } from '../procedures/diagnostics/suggest-label-fix.js';
import type { FleetSnapshot } from '../procedures/shared/fleet-snapshot.js';
import { readFleet } from './read-fleet.js';
import { readTemplate, type TemplateContext } from './read-template.js';

const MAX_LOG_READS = 50;

// At most three omnictl calls at a time, whatever the cluster size.
async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

// A node whose logs were not read is neither cleared nor a target: say so instead of "none found".
function unreadNotes(
  fleet: FleetSnapshot,
  failed: { id: string; reason: string }[],
  skipped: number,
): string[] {
  const notes: string[] = [];
  if (failed.length > 0) {
    const host = (id: string) => {
      const status = fleet.clusterMachineStatuses.find((s) => s.metadata.id === id);
      return (status && labelText(status.metadata, OmniLabel.hostname)) ?? id;
    };
    const names = failed.slice(0, 5).map((f) => host(f.id));
    const more = failed.length > names.length ? ` and ${failed.length - names.length} more` : '';
    notes.push(
      `The logs of ${failed.length} machine${failed.length === 1 ? '' : 's'} could not be read (${names.join(', ')}${more}): ${failed[0]?.reason ?? ''} They are not listed below and the fix would not remove them.`,
    );
  }
  if (skipped > 0)
    notes.push(`Only the logs of the first ${MAX_LOG_READS} machines were read; ${skipped} more were not.`);
  return notes;
}

export async function diagnoseCluster(
  deps: { omnictl: Omnictl; templatesDir: string },
  cluster: string,
): Promise<
  | { ok: true; report: LabelLoopReport; context: TemplateContext; fleet: FleetSnapshot }
  | { ok: false; error: string }
> {
  const ctx = await readTemplate(deps.templatesDir, cluster);
  if (!ctx.ok) return ctx;
  const fleet = await readFleet(deps.omnictl);
  const statuses = fleet.clusterMachineStatuses.filter(
    (s) => labelText(s.metadata, OmniLabel.cluster) === cluster,
  );
  // An id read back from Omni is checked like one typed in Slack before it becomes an argument.
  const all = statuses.map((s) => s.metadata.id);
  const invalid = all.filter((id) => !isMachineId(id));
  const ids = all.filter(isMachineId).slice(0, MAX_LOG_READS);
  const symptoms = new Map<string, LabelSymptoms>();
  const failed: { id: string; reason: string }[] = [];
  // Omni still runs the template it last synced, so the nodes may show the symptom even after
  // the file on disk was fixed: read their logs either way.
  const logs = await inBatches(ids, 3, async (id) => {
    const result = await deps.omnictl.run(['machine-logs', id, '--tail', '200']);
    if (result.failure) failed.push({ id, reason: result.failure.message });
    return [id, result.failure ? { keys: [], count: 0 } : findLabelSymptoms(result.stdout)] as const;
  });
  for (const [id, found] of logs) symptoms.set(id, found);
  const invalidNote = refuseOmniIds({ machines: invalid });
  const unread = [
    ...(invalidNote ? [`${invalidNote} Their logs were not read and the fix would not remove them.`] : []),
    ...unreadNotes(fleet, failed, all.length - invalid.length - ids.length),
  ];
  const report = diagnoseLabelLoop({
    cluster,
    templatePath: ctx.value.template.path,
    findings: ctx.value.findings,
    fix: suggestLabelFix(ctx.value.template, forbiddenFindings(ctx.value.findings)),
    fleet,
    symptoms,
    unread,
  });
  // The fleet goes with the report: the label fix plans on the same reading (roles, quorum).
  return { ok: true, report, context: ctx.value, fleet };
}

import { canRequest, isApprover } from '../approvals/access-policy.js';
import type { Config } from '../config.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import { labelText, OmniLabel } from '../omni-model/labels.js';
import { removeStuckMachines } from '../procedures/remove-stuck-machines/remove-stuck-machines.js';
import { forbiddenLabelRefusal } from '../procedures/shared/forbidden-label-refusal.js';
import type { ProxmoxClient } from '../proxmox/create-proxmox-client.js';
import type { ApprovalDeps } from './approval-deps.js';
import { approveRequest } from './approve-request.js';
import { cancelRun } from './cancel-run.js';
import { currentStuckIds } from './current-stuck-ids.js';
import { freezeChanges, unfreezeChanges } from './freeze/change-freeze.js';
import type { FreezeNotices } from './freeze/freeze-notices.js';
import { readFreeze } from './freeze/freeze-state.js';
import { diagnoseCluster } from './label-loop-report.js';
import { listHistory } from './list-history.js';
import { fail, succeed } from './outcome.js';
import { problemFromError } from './problem-from-error.js';
import { readFleet } from './read-fleet.js';
import { assessCurrentProvider } from './read-provider.js';
import { readTemplate } from './read-template.js';
import { rejectRequest } from './reject-request.js';
import { reportDrift } from './report-drift.js';
import { createReportStatus } from './report-status.js';
import { createReportStuckMachines } from './report-stuck-machines.js';
import { requestProcedure } from './request-procedure.js';
import { resumeRun } from './resume-run.js';
import { shareReports } from './share-reports.js';
import { readTimeline } from './timeline/read-timeline.js';
import type { UseCases } from './use-cases.js';

// The use cases the chat layer calls, bound to their dependencies.
export function createUseCases(
  deps: ApprovalDeps & {
    omnictl: Omnictl;
    stuckAfterMs: number;
    provider: Config['provider'];
    templatesDir: string;
    proxmox?: ProxmoxClient;
    freezeNotices?: FreezeNotices;
    // Values no timeline may hold.
    secrets?: () => readonly string[];
  },
): UseCases {
  const freezeDeps = {
    store: deps.store,
    access: deps.access,
    clock: deps.clock,
    notices: deps.freezeNotices,
  };
  const removalDeps = { omnictl: deps.omnictl, clock: deps.clock, stuckAfterMs: deps.stuckAfterMs };
  const requestRemoval: UseCases['requestRemoval'] = async (input) => {
    const outcome = await requestProcedure(deps, {
      actor: input.actor,
      channel: input.channel,
      procedure: removeStuckMachines.name,
      params: { machineIds: input.machineIds },
      reason: input.reason,
    });
    return outcome.ok ? { ok: true, value: { requestId: outcome.value.request.id } } : outcome;
  };
  const providerStatus = shareReports(async () => {
    try {
      return succeed(await assessCurrentProvider(deps, { partial: true }));
    } catch (error) {
      return { ok: false as const, problem: problemFromError(error) };
    }
  });
  return {
    stuckMachines: shareReports(createReportStuckMachines({ ...removalDeps, proxmox: deps.proxmox })),
    requestRemoval,
    async requestRemovalOfAllStuck(input) {
      let ids: string[];
      try {
        ids = await currentStuckIds(removalDeps, input.cluster);
      } catch (error) {
        return { ok: false, problem: problemFromError(error) };
      }
      if (ids.length === 0)
        return fail(
          'refused',
          'Nothing is removable now (nothing is stuck, or it has been unreachable for less than STUCK_AFTER); no request was made.',
        );
      return requestRemoval({
        actor: input.actor,
        channel: input.channel,
        machineIds: ids,
        reason: 'requested from the stuck-machines report (all)',
      });
    },
    approve: (requestId, actor, secret, options) => approveRequest(deps, requestId, actor, secret, options),
    status: shareReports(
      createReportStatus({
        omnictl: deps.omnictl,
        clock: deps.clock,
        providerId: deps.provider.id,
        stuckAfterMs: deps.stuckAfterMs,
        alerts: deps.store.alerts,
        proxmox: deps.proxmox,
      }),
    ),
    providerStatus: () => providerStatus({}),
    labelLoop: shareReports(async (input) => {
      try {
        const clusters = input.cluster
          ? [input.cluster]
          : [
              ...new Set(
                (await readFleet(deps.omnictl)).clusterMachineStatuses.map(
                  (s) => labelText(s.metadata, OmniLabel.cluster) ?? '',
                ),
              ),
            ]
              .filter(Boolean)
              .sort();
        const reports = [];
        for (const cluster of clusters) {
          const diagnosis = await diagnoseCluster(deps, cluster);
          if (!diagnosis.ok) {
            if (input.cluster) return fail('template', diagnosis.error);
            continue;
          }
          reports.push(diagnosis.report);
        }
        return { ok: true, value: reports };
      } catch (error) {
        return { ok: false, problem: problemFromError(error) };
      }
    }),
    drift: shareReports(async (input) => {
      try {
        return { ok: true, value: await reportDrift(deps, input.cluster) };
      } catch (error) {
        return { ok: false, problem: problemFromError(error) };
      }
    }),
    async requestProcedure(input) {
      const outcome = await requestProcedure(deps, input);
      return outcome.ok ? { ok: true, value: { requestId: outcome.value.request.id } } : outcome;
    },
    async recoverClusterPrecheck({ actor, cluster }) {
      const allowed = canRequest(deps.access, actor);
      if (!allowed.allowed) return fail('denied', allowed.reason);
      const template = await readTemplate(deps.templatesDir, cluster);
      if (!template.ok) return fail('refused', template.error);
      const labels = forbiddenLabelRefusal(template.value.findings);
      if (labels) return fail('refused', `${labels} Redeploying would hit the same problem.`);
      return succeed('ok');
    },
    reject: (requestId, actor) => rejectRequest(deps, requestId, actor),
    cancelRun: (runId, actor) => cancelRun(deps, runId, actor),
    resumeRun: (runId, actor) => resumeRun(deps, runId, actor),
    history: (limit) => listHistory(deps.store, limit),
    permissions: (actor) => ({
      canRequest: canRequest(deps.access, actor).allowed,
      canApprove: isApprover(deps.access, actor),
    }),
    freeze: (actor, reason) => freezeChanges(freezeDeps, actor, reason),
    unfreeze: (actor) => unfreezeChanges(freezeDeps, actor),
    freezeState: () => readFreeze(deps),
    timeline: (subject, sinceMs) =>
      readTimeline(
        { store: deps.store, clock: deps.clock, secrets: deps.secrets ?? (() => []) },
        subject,
        sinceMs,
      ),
  };
}

import { isRequestStage, machineRequestStageName } from '../omni-model/machine-request-stage.js';
import type { MachineRequestStatusView } from '../procedures/shared/fleet-snapshot.js';
import { type AlertCondition, fingerprintOf } from './alert-condition.js';

/**
 * Machine requests the provider failed. The provider retries a minute later and Omni clears the
 * error meanwhile, so a request that failed stays one alert, with its last error, until it is
 * provisioned or gone: `lastErrors` (by fingerprint) is what the watcher kept.
 */
export function requestConditions(
  statuses: readonly MachineRequestStatusView[],
  lastErrors: ReadonlyMap<string, string>,
): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  for (const status of statuses) {
    const resource = status.metadata.id;
    const fingerprint = fingerprintOf({ condition: 'machine-request-failed', resource });
    const kept = lastErrors.get(fingerprint);
    const failed = isRequestStage(status.spec.stage, 'FAILED');
    if (!failed && (kept === undefined || isRequestStage(status.spec.stage, 'PROVISIONED'))) continue;
    const error = (failed && status.spec.error) || kept || 'no error reported';
    conditions.push({
      condition: 'machine-request-failed',
      resource,
      summary: `Machine request ${resource} failed: ${error.slice(0, 300)}`,
      since: failed ? status.metadata.updated : undefined,
      detail: {
        requestId: resource,
        machineId: status.spec.id || undefined,
        stage: machineRequestStageName(status.spec.stage),
        status: status.spec.status,
        error,
        retrying: !failed,
      },
      diagnose: 'provider-status',
      lastError: failed && status.spec.error ? status.spec.error : undefined,
    });
  }
  return conditions;
}
